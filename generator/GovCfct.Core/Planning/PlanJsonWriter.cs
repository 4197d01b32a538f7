using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GovCfct.Core.Planning;

/// <summary>
/// The plan as JSON for machines: camelCase members in declaration order, enums as camelCase strings, LF, no BOM,
/// no timestamp unless one was passed in. The shape is versioned by <see cref="ChangePlan.SchemaVersion"/>.
/// </summary>
public static class PlanJsonWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write(ChangePlan plan) => JsonSerializer.Serialize(plan, Options) + "\n";
}
