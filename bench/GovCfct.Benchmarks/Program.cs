using BenchmarkDotNet.Running;
using GovCfct.Benchmarks;

// No arguments: the CfCT-work report, then every benchmark. "report": the report only. "peak SIZE build|validate": one run in this process, peak MB printed. Anything else goes to BenchmarkDotNet (--filter *Build*).
if (args.Length == 3 && args[0] == "peak")
{
    return PeakMemory.RunChild(args[1], args[2]);
}

if (args.Length == 1 && args[0] == "report")
{
    return WorkReport.Run(Console.Out);
}

var code = WorkReport.Run(Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(ScaleBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
return code;
