using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>
/// AWS Config's organization conformance pack status in memory over JSON 1.1 (moto reports only the caller's own
/// account): per pack, the member accounts' statuses a test sets, paged at the request's Limit; requests and responses
/// are checked against botocore's config model by the server.
/// </summary>
internal sealed class ConfigService : IEmulatedService
{
    private readonly Dictionary<string, List<JsonObject>> _packs = new(StringComparer.Ordinal);

    public ServiceModel Model { get; } = ServiceModel.Load("config");

    public AuthorizationRequest Authorization(string operation, JsonElement input) =>
        new("config:" + operation, "*", new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Creates the pack (no account yet) or sets one account's status, with AWS Config's error for a failure.</summary>
    public void SetStatus(string pack, string? accountId = null, string status = "CREATE_SUCCESSFUL", string? errorCode = null, string? errorMessage = null)
    {
        lock (this)
        {
            if (!_packs.TryGetValue(pack, out var list))
            {
                _packs[pack] = list = [];
            }

            if (accountId is null)
            {
                return;
            }

            list.RemoveAll(s => s["AccountId"]!.GetValue<string>() == accountId);
            var entry = new JsonObject { ["AccountId"] = accountId, ["ConformancePackName"] = $"OrgConformsPack-{pack}-abcd1234", ["Status"] = status, ["LastUpdateTime"] = 1764493200 };
            if (errorCode is not null)
            {
                entry["ErrorCode"] = errorCode;
                entry["ErrorMessage"] = errorMessage;
            }

            list.Add(entry);
            list.Sort((a, b) => string.CompareOrdinal(a["AccountId"]!.GetValue<string>(), b["AccountId"]!.GetValue<string>()));
        }
    }

    public JsonNode Handle(string operation, JsonElement input, EmulatorIdentity caller) => operation switch
    {
        "GetOrganizationConformancePackDetailedStatus" => DetailedStatus(input),
        _ => throw new EmulatedAwsError("ValidationException", $"Operation {operation} is not emulated."),
    };

    private JsonObject DetailedStatus(JsonElement input)
    {
        var name = input.GetProperty("OrganizationConformancePackName").GetString()!;
        lock (this)
        {
            if (!_packs.TryGetValue(name, out var list))
            {
                throw new EmulatedAwsError("NoSuchOrganizationConformancePackException", $"Organization conformance pack {name} does not exist.");
            }

            var size = input.TryGetProperty("Limit", out var limit) && limit.GetInt32() > 0 ? limit.GetInt32() : 100;
            var start = input.TryGetProperty("NextToken", out var token) ? int.Parse(token.GetString()!, CultureInfo.InvariantCulture) : 0;
            var result = new JsonObject { ["OrganizationConformancePackDetailedStatuses"] = new JsonArray([.. list.Skip(start).Take(size).Select(s => s.DeepClone())]) };
            if (start + size < list.Count)
            {
                result["NextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
            }

            return result;
        }
    }
}
