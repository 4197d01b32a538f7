using GovCfct.Cdk.Synthesis;
using GovCfct.Cdk.Tests.Support;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cdk.Tests.Synthesis;

/// <summary>
/// The CDK template cache used to be read unverified from <c>./.govcfct-cache/cdk</c> under a key anyone can compute, so a
/// committed cache file put any resource into the package (an admin role trusted by an outside account) and validate
/// said ok. Now the cache lives outside the working folder, is not read under CI, and an entry is used only when its
/// HMAC verifies under the user's own key: a planted or rewritten entry is ignored (GCF5008) and the control is
/// synthesized again.
/// </summary>
[Collection(SynthesizedCollection.Name)]
public sealed class CdkCacheTrustTests(SynthesizedCatalog synthesized) : IDisposable
{
    private const string Backdoor = """
        {
          "Resources": {
            "Backdoor": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "RoleName": "support-access",
                "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}]},
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]
              }
            }
          }
        }

        """;

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-cdk-trust-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_rewritten_cache_entry_is_ignored_and_the_control_is_synthesized_again()
    {
        var cache = CopyOfTheCache();
        var entry = Entry(cache, "security-alerts");
        var lines = File.ReadAllText(entry).Split('\n', 2);
        lines[0].Should().StartWith("govcfct-cdk-hmac-sha256 ", "every entry carries its HMAC on its first line");
        File.WriteAllText(entry, lines[0] + "\n" + Backdoor);

        var (templates, diagnostics, runs) = Synthesize(cache);

        templates["security-alerts"].Should().Be(synthesized.Templates["security-alerts"]).And.NotContain("999999999999");
        runs.Should().Be(1, "the rewritten entry is synthesized again; the others verify and come from the cache");
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.CdkCacheUnavailable.Id);
    }

    [Fact]
    public void A_planted_entry_without_a_valid_HMAC_is_never_used()
    {
        // What a committed cache file looks like: the plain template under the computable file name, and the same with a
        // made-up HMAC line; neither verifies under this user's key.
        var cache = CopyOfTheCache();
        File.WriteAllText(Entry(cache, "security-alerts"), Backdoor);
        File.WriteAllText(Entry(cache, "account-creation-hook"), "govcfct-cdk-hmac-sha256 " + new string('0', 64) + "\n" + Backdoor);

        var (templates, diagnostics, runs) = Synthesize(cache);

        templates.Values.Should().NotContain(t => t.Contains("999999999999", StringComparison.Ordinal));
        templates["security-alerts"].Should().Be(synthesized.Templates["security-alerts"]);
        templates["account-creation-hook"].Should().Be(synthesized.Templates["account-creation-hook"]);
        runs.Should().Be(1);
        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.CdkCacheUnavailable.Id).Should().HaveCount(2);
    }

    [Fact]
    public void An_entry_written_under_another_key_does_not_verify()
    {
        var cache = Path.Combine(_work, "other-machine");
        var other = new CdkSynthesizer(new CdkSynthesizerOptions(cache) { KeyFile = Path.Combine(_work, "other.key") });
        var control = TestCatalog.Load("cfct-template-change-alert");
        other.Synthesize([(control, TestCatalog.Context())], new DiagnosticBag());
        other.EngineRuns.Should().Be(1);

        var mine = new CdkSynthesizer(new CdkSynthesizerOptions(cache) { KeyFile = Path.Combine(_work, "mine.key") });
        var diagnostics = new DiagnosticBag();
        mine.Synthesize([(control, TestCatalog.Context())], diagnostics);

        mine.EngineRuns.Should().Be(1, "another key's entry is not trusted");
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.CdkCacheUnavailable.Id);
    }

    [Fact]
    public void The_production_cache_is_outside_the_working_folder_and_off_under_CI()
    {
        var home = Path.Combine(_work, "home");
        var fromHome = CdkSynthesizerOptions.Production(environment: Env(("HOME", home)));
        var fromXdg = CdkSynthesizerOptions.Production(environment: Env(("HOME", home), ("XDG_CACHE_HOME", Path.Combine(_work, "xdg"))));
        var explicitFolder = CdkSynthesizerOptions.Production(environment: Env(("HOME", home), ("GOVCFCT_CACHE_DIR", Path.Combine(_work, "chosen"))));

        fromHome.CacheDirectory.Should().Be(Path.Combine(home, ".cache", "govcfct", "cdk"));
        fromHome.KeyFile.Should().Be(Path.Combine(home, ".cache", "govcfct", "cache.key"));
        fromXdg.CacheDirectory.Should().Be(Path.Combine(_work, "xdg", "govcfct", "cdk"));
        explicitFolder.CacheDirectory.Should().Be(Path.Combine(_work, "chosen"));
        explicitFolder.KeyFile.Should().Be(Path.Combine(home, ".cache", "govcfct", "cache.key"), "the key never lives in the chosen cache folder");
        new[] { fromHome, fromXdg, explicitFolder }.Should().OnlyContain(o => !o.CacheDirectory!.StartsWith(Path.Combine(Directory.GetCurrentDirectory(), ".govcfct-cache"), StringComparison.Ordinal));

        CdkSynthesizerOptions.Production(environment: Env(("HOME", home), ("CI", "true"))).CacheDirectory.Should().BeNull("CI never reads a cache");
        CdkSynthesizerOptions.Production(Path.Combine(_work, "chosen"), Env(("HOME", home), ("CI", "1"))).CacheDirectory.Should().BeNull("not even an explicit one");
        CdkSynthesizerOptions.Production(environment: Env(("HOME", home), ("CODEBUILD_BUILD_ID", "governance:1"))).CacheDirectory.Should().BeNull("CodeBuild is CI");
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private string CopyOfTheCache()
    {
        var copy = Path.Combine(_work, "cache");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(synthesized.CacheDirectory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private static string Entry(string cache, string controlId) =>
        Directory.GetFiles(cache, controlId + "-*.template.json").Should().ContainSingle().Subject;

    private static (IReadOnlyDictionary<string, string> Templates, DiagnosticBag Diagnostics, int Runs) Synthesize(string cache)
    {
        var synthesizer = new CdkSynthesizer(new CdkSynthesizerOptions(cache));
        var diagnostics = new DiagnosticBag();
        var templates = SynthesizedCatalog.ById(synthesizer.Synthesize(TestCatalog.AllRequests(), diagnostics));
        return (templates, diagnostics, synthesizer.EngineRuns);
    }
}
