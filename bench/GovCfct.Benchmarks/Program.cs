using BenchmarkDotNet.Running;
using GovCfct.Benchmarks;

// No arguments: the CfCT-work report, then every benchmark. "report": the report only. Anything else goes to BenchmarkDotNet (--filter *Build*).
if (args.Length == 1 && args[0] == "report")
{
    return WorkReport.Run(Console.Out);
}

var code = WorkReport.Run(Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(ScaleBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
return code;
