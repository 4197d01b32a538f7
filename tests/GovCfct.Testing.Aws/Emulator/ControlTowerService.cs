using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>
/// Control Tower's control API in memory over rest-json (moto has no Control Tower): enabled controls per OU ARN with
/// their enablement and drift status, GetEnabledControl and ListControlOperations; requests and responses are checked
/// against botocore's controltower model by the server.
/// </summary>
internal sealed class ControlTowerService : IEmulatedService
{
    /// <summary>The Control Tower read operations are authorized on resource <c>*</c> : no test evaluates a policy for them, so no resource is narrowed.</summary>
    public AuthorizationRequest Authorization(string operation, JsonElement input) =>
        new("controltower:" + operation, "*", new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly List<Enabled> _enabled = [];
    private readonly List<JsonObject> _operations = [];

    public ServiceModel Model { get; } = ServiceModel.Load("controltower");

    /// <summary>Enables a control on an OU ARN with a status (SUCCEEDED, FAILED, UNDER_CHANGE) and a drift status.</summary>
    public string Enable(string controlArn, string ouArn, string status = "SUCCEEDED", string drift = "IN_SYNC")
    {
        lock (this)
        {
            var arn = string.Create(CultureInfo.InvariantCulture, $"arn:aws:controltower:ap-northeast-1:123456789012:enabledcontrol/{Guid.NewGuid():N}");
            _enabled.Add(new Enabled(arn, controlArn, ouArn, status, drift));
            _operations.Add(new JsonObject
            {
                ["operationType"] = "ENABLE_CONTROL",
                ["status"] = status == "FAILED" ? "FAILED" : status == "UNDER_CHANGE" ? "IN_PROGRESS" : "SUCCEEDED",
                ["operationIdentifier"] = Guid.NewGuid().ToString(),
                ["controlIdentifier"] = controlArn,
                ["targetIdentifier"] = ouArn,
                ["enabledControlIdentifier"] = arn,
                ["startTime"] = "2026-11-30T09:00:00Z",
            });
            return arn;
        }
    }

    public JsonNode Handle(string operation, JsonElement input, EmulatorIdentity caller) => operation switch
    {
        "ListEnabledControls" => ListEnabledControls(input),
        "GetEnabledControl" => GetEnabledControl(input),
        "ListControlOperations" => Page(input, "controlOperations", [.. _operations.Select(o => o.DeepClone())]),
        _ => throw new EmulatedAwsError("ValidationException", $"Operation {operation} is not emulated."),
    };

    private JsonObject ListEnabledControls(JsonElement input)
    {
        var target = input.TryGetProperty("targetIdentifier", out var t) ? t.GetString() : null;
        return Page(input, "enabledControls", [.. _enabled.Where(e => target is null || e.Target == target).Select(Summary)]);
    }

    private JsonObject GetEnabledControl(JsonElement input)
    {
        var arn = input.GetProperty("enabledControlIdentifier").GetString();
        var enabled = _enabled.FirstOrDefault(e => e.Arn == arn) ?? throw new EmulatedAwsError("ResourceNotFoundException", $"Enabled control {arn} not found.", 404);
        return new JsonObject { ["enabledControlDetails"] = Summary(enabled) };
    }

    private static JsonNode Summary(Enabled e) => new JsonObject
    {
        ["arn"] = e.Arn,
        ["controlIdentifier"] = e.Control,
        ["targetIdentifier"] = e.Target,
        ["statusSummary"] = new JsonObject { ["status"] = e.Status },
        ["driftStatusSummary"] = new JsonObject { ["driftStatus"] = e.Drift },
    };

    private static JsonObject Page(JsonElement input, string member, List<JsonNode> items)
    {
        var size = input.TryGetProperty("maxResults", out var max) ? max.GetInt32() : 100;
        var start = input.TryGetProperty("nextToken", out var token) ? int.Parse(token.GetString()!, CultureInfo.InvariantCulture) : 0;
        var result = new JsonObject { [member] = new JsonArray([.. items.Skip(start).Take(size)]) };
        if (start + size < items.Count)
        {
            result["nextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private sealed record Enabled(string Arn, string Control, string Target, string Status, string Drift);
}
