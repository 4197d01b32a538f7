using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Testing;

/// <summary>
/// The independent oracles for Step Functions: npm's asl-validator for definitions and the real jsonata package for
/// JSONata expressions (tests/node, installed by scripts/test). Node or the packages missing fails the test loudly.
/// </summary>
public static class StepFunctionsOracle
{
    private static readonly string NodeFolder = RepositoryRoot.Combine("tests", "node");

    /// <summary>One expression to evaluate: <paramref name="Expression"/> without the <c>{% %}</c> delimiters.</summary>
    public sealed record JsonataCase(string Name, string Expression, JsonNode? Input, JsonObject Bindings);

    /// <summary>What jsonata returned: <see cref="Defined"/> is false for undefined, <see cref="Error"/> set when evaluation threw.</summary>
    public sealed record JsonataResult(string Name, bool Defined, JsonNode? Value, string? Error);

    /// <summary>The asl-validator verdict for one definition.</summary>
    public sealed record AslResult(string Name, bool Valid, string Errors);

    public static IReadOnlyList<AslResult> Validate(IEnumerable<(string Name, JsonNode Definition)> definitions)
    {
        var cases = new JsonArray(definitions.Select(d => (JsonNode)new JsonObject { ["name"] = d.Name, ["definition"] = d.Definition.DeepClone() }).ToArray());
        var output = RunNode("asl-validate.js", cases.ToJsonString());
        return JsonNode.Parse(output)!.AsArray()
            .Select(r => new AslResult(r!["name"]!.GetValue<string>(), r["valid"]!.GetValue<bool>(), r["errors"]!.GetValue<string>()))
            .ToList();
    }

    public static IReadOnlyList<JsonataResult> Evaluate(IEnumerable<JsonataCase> cases)
    {
        return ParseJsonataBatch(RunNode("jsonata-eval.js", JsonataBatch(cases)));
    }

    /// <summary>The one wire form of a batch for jsonata-eval.js and jsonata-session.js: an array of name, expression, input, bindings.</summary>
    internal static string JsonataBatch(IEnumerable<JsonataCase> cases) =>
        new JsonArray(cases.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["expression"] = c.Expression,
            ["input"] = c.Input?.DeepClone(),
            ["bindings"] = c.Bindings.DeepClone(),
        }).ToArray()).ToJsonString();

    /// <summary>The scripts' answer to a batch: one result per case, in order.</summary>
    internal static IReadOnlyList<JsonataResult> ParseJsonataBatch(string output) =>
        JsonNode.Parse(output)!.AsArray()
            .Select(r => new JsonataResult(
                r!["name"]!.GetValue<string>(),
                r["defined"]!.GetValue<bool>(),
                r["value"]?.DeepClone(),
                r["error"]?.GetValue<string>()))
            .ToList();

    private static string RunNode(string script, string standardInput)
    {
        if (!Directory.Exists(Path.Combine(NodeFolder, "node_modules", "jsonata")) || !Directory.Exists(Path.Combine(NodeFolder, "node_modules", "asl-validator")))
        {
            throw new InvalidOperationException($"The Step Functions oracles are not installed: run 'npm ci' in {NodeFolder} (scripts/test does).");
        }

        var (exitCode, stdout, stderr) = ExternalTool.Run("node", [Path.Combine(NodeFolder, script)], standardInput, NodeFolder, "node comes with this machine kind.");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node {script} failed ({exitCode}): {stderr}");
        }

        return stdout;
    }

    /// <summary>Serializes for diagnostics in assertion messages.</summary>
    public static string Describe(JsonNode? node) => node is null ? "null" : node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
