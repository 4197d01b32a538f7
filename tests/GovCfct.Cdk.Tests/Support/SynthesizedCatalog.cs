using GovCfct.Cdk.Synthesis;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cdk.Tests.Support;

/// <summary>All CDK controls synthesized once per test run (a synth costs seconds), with their own cache folder.</summary>
public sealed class SynthesizedCatalog : IDisposable
{
    public SynthesizedCatalog()
    {
        CacheDirectory = Path.Combine(Path.GetTempPath(), "govcfct-cdk-tests-" + Guid.NewGuid().ToString("N"));
        Synthesizer = new CdkSynthesizer(new CdkSynthesizerOptions(CacheDirectory));
        Templates = Synthesizer.Synthesize(TestCatalog.AllRequests(), Diagnostics);
    }

    public string CacheDirectory { get; }

    public CdkSynthesizer Synthesizer { get; }

    public DiagnosticBag Diagnostics { get; } = new();

    public IReadOnlyDictionary<string, string> Templates { get; }

    public void Dispose()
    {
        if (Directory.Exists(CacheDirectory))
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SynthesizedCollection : ICollectionFixture<SynthesizedCatalog>, ICollectionFixture<MotoServer>
{
    public const string Name = "synthesized CDK controls";
}
