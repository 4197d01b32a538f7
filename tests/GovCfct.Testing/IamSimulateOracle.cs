using System.Text.Json.Nodes;

namespace GovCfct.Testing;

/// <summary>
/// A second SCP evaluator, independent of the repository's: npm's @cloud-copilot/iam-simulate (tests/node, a test-only
/// dev dependency). The SCPs are one organization level beside FullAWSAccess and the principal's identity policy
/// allows everything, so a request is "Allowed" unless an SCP denies it ("ExplicitlyDenied").
/// </summary>
public static class IamSimulateOracle
{
    private static readonly string NodeFolder = RepositoryRoot.Combine("tests", "node");

    /// <summary>One request: who, what, on which resource of which account, with which context keys.</summary>
    public sealed record Request(string Name, string Principal, string Action, string Resource, string Account, IReadOnlyDictionary<string, string> Context);

    /// <summary>The simulator's overall result per request ("Allowed", "ExplicitlyDenied", "ImplicitlyDenied"), or its validation errors.</summary>
    public sealed record Result(string Name, string? Decision, string? Errors);

    public static IReadOnlyList<Result> Decide(IEnumerable<string> scpJson, IEnumerable<Request> requests) => Run(scpJson, requests, null);

    /// <summary>
    /// Decides requests by a resource policy alone (a topic's, a key's, a bus's): the principal has no identity policy that
    /// applies (a service principal, or another account's), so a request is "Allowed" only when the resource policy allows it.
    /// </summary>
    public static IReadOnlyList<Result> DecideByResourcePolicy(string resourcePolicyJson, IEnumerable<Request> requests) => Run([], requests, resourcePolicyJson);

    /// <summary>
    /// Decides requests by the principal's identity policies and its permissions boundary (none: null): "Allowed" only
    /// when an identity policy and the boundary both allow the request and nothing denies it.
    /// </summary>
    public static IReadOnlyList<Result> DecideByIdentity(IEnumerable<string> identityPolicyJson, string? permissionBoundaryJson, IEnumerable<Request> requests) =>
        Run([], requests, null, [.. identityPolicyJson], permissionBoundaryJson);

    private static IReadOnlyList<Result> Run(IEnumerable<string> scpJson, IEnumerable<Request> requests, string? resourcePolicyJson, IReadOnlyList<string>? identityPolicyJson = null, string? permissionBoundaryJson = null)
    {
        if (!Directory.Exists(Path.Combine(NodeFolder, "node_modules", "@cloud-copilot", "iam-simulate")))
        {
            throw new InvalidOperationException($"iam-simulate is not installed: run 'npm ci' in {NodeFolder} (scripts/test does).");
        }

        var input = new JsonObject
        {
            ["scps"] = new JsonArray([.. scpJson.Select(j => JsonNode.Parse(j))]),
            ["resourcePolicy"] = resourcePolicyJson is null ? null : JsonNode.Parse(resourcePolicyJson),
            ["identityPolicies"] = identityPolicyJson is null ? null : new JsonArray([.. identityPolicyJson.Select(j => JsonNode.Parse(j))]),
            ["permissionBoundary"] = permissionBoundaryJson is null ? null : JsonNode.Parse(permissionBoundaryJson),
            ["requests"] = new JsonArray([.. requests.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["principal"] = r.Principal,
                ["action"] = r.Action,
                ["resource"] = r.Resource,
                ["account"] = r.Account,
                ["context"] = new JsonObject([.. r.Context.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))]),
            })]),
        };
        var (exitCode, stdout, stderr) = ExternalTool.Run("node", [Path.Combine(NodeFolder, "iam-simulate.js")], input.ToJsonString(), NodeFolder, "node comes with this machine kind.");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node iam-simulate.js failed ({exitCode}): {stderr}");
        }

        return [.. JsonNode.Parse(stdout)!.AsArray().Select(r => new Result(r!["name"]!.GetValue<string>(), r["result"]?.GetValue<string>(), r["errors"]?.GetValue<string>()))];
    }
}
