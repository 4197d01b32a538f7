using BenchmarkDotNet.Running;
using GovCfct.Benchmarks;

// No arguments: the CfCT-work report, then every benchmark. "report": the report only. "peak SIZE build|validate": one run in this process, peak MB printed. Anything else goes to BenchmarkDotNet (--filter *Build*).
if (args.Length == 3 && args[0] == "peak")
{
    return PeakMemory.RunChild(args[1], args[2]);
}

// "stages SIZE [RUNS]": the build's stages timed one by one (see StageProfile).
if (args.Length is 2 or 3 && args[0] == "stages")
{
    return StageProfile.Run(args[1], args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5, Console.Out);
}

// "statushtml SIZE": the status HTML page for the fixture and its size (docs/status.md, "HTML").
if (args.Length == 2 && args[0] == "statushtml")
{
    return StatusBenchmarks.HtmlSize(args[1], Console.Out);
}

// "bdn ARGS": BenchmarkDotNet only, without the report (e.g. bdn --filter '*Status*' --inProcess).
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(ScaleBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

// "replay": the replay throughput on a generated CloudTrail corpus (docs/performance.md, "Replay").
if (args.Length == 1 && args[0] == "replay")
{
    return ReplayCorpus.Report(Console.Out);
}

if (args.Length == 1 && args[0] == "report")
{
    return WorkReport.Run(Console.Out);
}

var code = WorkReport.Run(Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(ScaleBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
return code;
