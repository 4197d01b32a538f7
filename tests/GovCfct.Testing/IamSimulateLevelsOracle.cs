using System.Text.Json.Nodes;

namespace GovCfct.Testing;

/// <summary>
/// npm's @cloud-copilot/iam-simulate (tests/node, test-only) deciding requests against SCPs and RCPs at several
/// organization levels (tests/node/iam-simulate-levels.js): each level is one OU or root; SCP levels hold FullAWSAccess
/// when <c>fullAccess</c> is true, RCP levels always hold RCPFullAWSAccess. Results: "Allowed", "ExplicitlyDenied",
/// "ImplicitlyDenied", or the simulator's validation errors.
/// </summary>
public static class IamSimulateLevelsOracle
{
    private static readonly string NodeFolder = RepositoryRoot.Combine("tests", "node");

    /// <summary>One request; context values are one string or several.</summary>
    public sealed record Request(string Name, string Principal, string Action, string Resource, string Account, IReadOnlyDictionary<string, string[]> Context);

    public static IReadOnlyList<IamSimulateOracle.Result> Decide(bool fullAccess, IEnumerable<IEnumerable<string>> scpLevels, IEnumerable<IEnumerable<string>> rcpLevels, IEnumerable<Request> requests)
    {
        if (!Directory.Exists(Path.Combine(NodeFolder, "node_modules", "@cloud-copilot", "iam-simulate")))
        {
            throw new InvalidOperationException($"iam-simulate is not installed: run 'npm ci' in {NodeFolder} (scripts/test does).");
        }

        static JsonArray Levels(IEnumerable<IEnumerable<string>> levels) =>
            new([.. levels.Select(l => (JsonNode)new JsonArray([.. l.Select(j => JsonNode.Parse(j))]))]);

        var input = new JsonObject
        {
            ["fullAccess"] = fullAccess,
            ["scpLevels"] = Levels(scpLevels),
            ["rcpLevels"] = Levels(rcpLevels),
            ["requests"] = new JsonArray([.. requests.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["principal"] = r.Principal,
                ["action"] = r.Action,
                ["resource"] = r.Resource,
                ["account"] = r.Account,
                ["context"] = new JsonObject([.. r.Context.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Length == 1 ? (JsonNode?)JsonValue.Create(kv.Value[0]) : new JsonArray([.. kv.Value.Select(v => (JsonNode)JsonValue.Create(v)!)])))]),
            })]),
        };
        var (exitCode, stdout, stderr) = ExternalTool.Run("node", [Path.Combine(NodeFolder, "iam-simulate-levels.js")], input.ToJsonString(), NodeFolder, "node comes with this machine kind.");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node iam-simulate-levels.js failed ({exitCode}): {stderr}");
        }

        return [.. JsonNode.Parse(stdout)!.AsArray().Select(r => new IamSimulateOracle.Result(r!["name"]!.GetValue<string>(), r["result"]?.GetValue<string>(), r["errors"]?.GetValue<string>()))];
    }
}
