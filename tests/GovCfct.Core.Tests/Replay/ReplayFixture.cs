using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Replay;
using GovCfct.Testing;

namespace GovCfct.Core.Tests.Replay;

/// <summary>
/// A small organization (management 111111111111; Workloads with account 333333333333, Workloads:Prod with
/// 222222222222; Sandbox with 444444444444) and packages of hand-written SCPs/RCPs attached to its OUs.
/// </summary>
internal static class ReplayFixture
{
    public const string OrgId = "o-abcde12345";
    public const string Management = "111111111111";
    public const string Prod = "222222222222";
    public const string Workloads = "333333333333";
    public const string Sandbox = "444444444444";
    public const string External = "999999999999";

    public static OrgSnapshot Organization { get; } = new(
        OrgId,
        Management,
        "r-ab12",
        [
            new OrgUnit("ou-ab12-11111111", "Workloads", "r-ab12", "Workloads"),
            new OrgUnit("ou-ab12-22222222", "Prod", "ou-ab12-11111111", "Workloads:Prod"),
            new OrgUnit("ou-ab12-33333333", "Sandbox", "r-ab12", "Sandbox"),
        ],
        [
            new OrgAccount(Management, "management", "m@example.com", "ACTIVE", "r-ab12"),
            new OrgAccount(Prod, "prod-app", "p@example.com", "ACTIVE", "ou-ab12-22222222"),
            new OrgAccount(Workloads, "shared-app", "w@example.com", "ACTIVE", "ou-ab12-11111111"),
            new OrgAccount(Sandbox, "sandbox", "s@example.com", "ACTIVE", "ou-ab12-33333333"),
        ],
        [
            new OrgPolicy("p-handmade01", "hand-attached-deny", "SERVICE_CONTROL_POLICY", false, ["ou-ab12-11111111"]),
            new OrgPolicy("p-gcscp0001", "gc-scp-workloads", "SERVICE_CONTROL_POLICY", false, ["ou-ab12-11111111"]),
        ]);

    /// <summary>A package with the given policies: (name, kind, OU entries, JSON).</summary>
    public static CfctPackage Package(params (string Name, DeployMethod Kind, string[] Ous, string Json)[] policies)
    {
        var resources = policies.Select(p => new ManifestResource(p.Name, null, $"policies/{p.Name}.json", p.Kind, [], null, [.. p.Ous], [], [], [], [])).ToImmutableArray();
        var files = policies.ToImmutableSortedDictionary(p => $"policies/{p.Name}.json", p => Encoding.UTF8.GetBytes(p.Json), StringComparer.Ordinal);
        return new CfctPackage(new CfctManifest("ap-northeast-1", null, resources), files);
    }

    /// <summary>Replays the records (as gzip log files of 3 records each) and returns the report and the diagnostics.</summary>
    public static (ReplayReport Report, DiagnosticBag Diagnostics) Replay(CfctPackage previous, CfctPackage current, IEnumerable<JsonObject> records, bool fastPath = true, Func<ReplayOptions, ReplayOptions>? configure = null)
    {
        var diagnostics = new DiagnosticBag();
        var options = new ReplayOptions(previous, current, Organization) { FastPath = fastPath, TrailDisplay = "test" };
        options = configure?.Invoke(options) ?? options;
        var session = new ReplaySession(options, diagnostics);
        foreach (var chunk in records.Chunk(3))
        {
            using var stream = new MemoryStream(CloudTrailCorpus.LogFile(chunk));
            session.ReadFile(stream, "test.json.gz");
        }

        return (session.Finish(), diagnostics);
    }

    public static string Role(string account, string name) => $"arn:aws:iam::{account}:role/{name}";
}
