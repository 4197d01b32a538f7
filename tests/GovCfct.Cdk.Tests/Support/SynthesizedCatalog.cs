using GovCfct.Cdk.Synthesis;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;

namespace GovCfct.Cdk.Tests.Support;

/// <summary>All CDK controls synthesized once per test run (a synth costs seconds), with their own cache folder.</summary>
public sealed class SynthesizedCatalog : IDisposable
{
    public SynthesizedCatalog()
    {
        CacheDirectory = Path.Combine(Path.GetTempPath(), "govcfct-cdk-tests-" + Guid.NewGuid().ToString("N"));
        Synthesizer = new CdkSynthesizer(new CdkSynthesizerOptions(CacheDirectory));
        Templates = ById(Synthesizer.Synthesize(TestCatalog.AllRequests(), Diagnostics));
    }

    public string CacheDirectory { get; }

    public CdkSynthesizer Synthesizer { get; }

    public DiagnosticBag Diagnostics { get; } = new();

    public IReadOnlyDictionary<string, string> Templates { get; }

    /// <summary>The synthesizer keys results by <see cref="CdkTemplateRequest.KeyOf"/>; the tests read them by control id.</summary>
    public static IReadOnlyDictionary<string, string> ById(IReadOnlyDictionary<string, string> byKey) =>
        TestCatalog.AllRequests()
            .Where(r => byKey.ContainsKey(CdkTemplateRequest.KeyOf(r.Control, r.Context)))
            .ToDictionary(r => r.Control.Id, r => byKey[CdkTemplateRequest.KeyOf(r.Control, r.Context)], StringComparer.Ordinal);

    public void Dispose()
    {
        if (Directory.Exists(CacheDirectory))
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SynthesizedCollection : ICollectionFixture<SynthesizedCatalog>, ICollectionFixture<MotoEvents>
{
    public const string Name = "synthesized CDK controls";
}
