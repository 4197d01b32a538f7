using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GovCfct.Cdk.Tests.Support;

/// <summary>
/// Resolves the intrinsic functions CDK writes into event patterns and filter patterns (Ref, Fn::Join, Fn::Sub)
/// with parameter defaults and fixed pseudo parameters, so a pattern can be tested as CloudFormation would deploy it.
/// </summary>
internal sealed partial class TemplateResolver(JsonObject template, IReadOnlyDictionary<string, string>? overrides = null)
{
    public JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && obj.ContainsKey("Ref"):
                return JsonValue.Create(Ref(obj["Ref"]!.GetValue<string>()));
            case JsonObject obj when obj.Count == 1 && obj.ContainsKey("Fn::GetAtt"):
                var attribute = string.Join('.', obj["Fn::GetAtt"]!.AsArray().Select(a => a!.GetValue<string>()));
                return JsonValue.Create(overrides is not null && overrides.TryGetValue(attribute, out var resolved) ? resolved : "getatt:" + attribute);
            case JsonObject obj when obj.Count == 1 && obj.ContainsKey("Fn::Join"):
                var join = obj["Fn::Join"]!.AsArray();
                var parts = join[1]!.AsArray().Select(p => Resolve(p)!.GetValue<string>());
                return JsonValue.Create(string.Join(join[0]!.GetValue<string>(), parts));
            case JsonObject obj when obj.Count == 1 && obj.ContainsKey("Fn::Sub"):
                var sub = obj["Fn::Sub"]!;
                var text = sub is JsonArray array ? array[0]!.GetValue<string>() : sub.GetValue<string>();
                var variables = sub is JsonArray withVariables ? withVariables[1]!.AsObject() : [];
                return JsonValue.Create(SubVariable().Replace(text, m =>
                    variables[m.Groups[1].Value] is { } v ? Resolve(v)!.GetValue<string>() : Ref(m.Groups[1].Value)));
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Resolve(value);
                }

                return copy;
            case JsonArray arr:
                return new JsonArray([.. arr.Select(Resolve)]);
            default:
                return node?.DeepClone();
        }
    }

    public string ResolveString(JsonNode node) => Resolve(node)!.GetValue<string>();

    private string Ref(string name)
    {
        switch (name)
        {
            case "AWS::Partition":
                return "aws";
            case "AWS::Region":
                return MotoEvents.Region;
            case "AWS::AccountId":
                return MotoEvents.AccountId;
            default:
                break;
        }

        if (overrides is not null && overrides.TryGetValue(name, out var value))
        {
            return value;
        }

        if (template["Parameters"]?[name] is JsonObject parameter)
        {
            return parameter["Default"]?.GetValue<string>() ?? throw new InvalidOperationException($"parameter {name} has no default; give an override");
        }

        if (template["Resources"]?[name]?["Properties"]?["StateMachineName"] is JsonNode machineName)
        {
            return $"arn:aws:states:{MotoEvents.Region}:{MotoEvents.AccountId}:stateMachine:{machineName.GetValue<string>()}";
        }

        return new StringBuilder("ref:").Append(name).ToString();
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9:]+)\}")]
    private static partial Regex SubVariable();
}
