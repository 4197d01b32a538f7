using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Status;

/// <summary>
/// The status report as JSON (schema: docs/status.schema.json) and back: <c>plan --deployed status.json</c> reads
/// its <c>deployed</c> section. Instances that are CURRENT, SUCCEEDED and not drifted are stored as account lists
/// per region, so a 36,000-account organization stays a file of tens of megabytes, not hundreds.
/// </summary>
public static class StatusJson
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        NewLine = "\n",
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new CompactDeployedState() },
    };

    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Write(StatusReport report) => System.Text.Encoding.UTF8.GetString(WriteUtf8(report));

    /// <summary>
    /// The report as UTF-8 bytes ending in a newline: what <c>status --out FILE</c> writes. At the stress tree's size the
    /// report is about 40 MB; serializing to bytes once avoids the two 80 MB strings a serialized string and its
    /// concatenation with the newline held at once.
    /// </summary>
    public static byte[] WriteUtf8(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = JsonSerializer.SerializeToUtf8Bytes(report, WriteOptions);
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>The deployed state of a saved status report; null (with GCF3501) when the file is not one.</summary>
    public static DeployedState? ReadDeployed(string path, string displayPath, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        try
        {
            if (string.IsNullOrWhiteSpace(File.ReadAllText(path).TrimStart('\uFEFF')))
            {
                diagnostics.Report(DiagnosticCodes.StatusFileUnreadable, $"status report '{displayPath}' is empty (a status report is the JSON 'govcfct status --format json --out FILE' writes)", new SourceLocation(displayPath), "write it again with `govcfct status --format json --out FILE`, or pass --deployed live");
                return null;
            }

            using var stream = File.OpenRead(path);
            var file = JsonSerializer.Deserialize<DeployedOnlyFile>(stream, ReadOptions);
            if (file?.Deployed is null || file.SchemaVersion != StatusReport.CurrentSchemaVersion)
            {
                diagnostics.Report(DiagnosticCodes.StatusFileUnreadable, $"'{displayPath}' is not a status report of schema version {StatusReport.CurrentSchemaVersion} with a deployed section", new SourceLocation(displayPath), "write it with `govcfct status --format json --out FILE`");
                return null;
            }

            return FromFile(file.Deployed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            var location = ex is JsonException { LineNumber: { } line } json ? new SourceLocation(displayPath, (int)line + 1, (int)(json.BytePositionInLine ?? 0) + 1) : new SourceLocation(displayPath);
            diagnostics.Report(DiagnosticCodes.StatusFileUnreadable, $"cannot read status report '{displayPath}': {ex.Message}", location, "write it with `govcfct status --format json --out FILE`");
            return null;
        }
    }

    private static DeployedFile ToFile(DeployedState state) => new(
        [.. state.StackSets.Select(s =>
        {
            var current = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            var others = new List<DeployedInstance>();
            foreach (var instance in s.Instances.OrderBy(i => i.Region, StringComparer.Ordinal).ThenBy(i => i.Account, StringComparer.Ordinal))
            {
                if (IsPlainCurrent(instance))
                {
                    if (!current.TryGetValue(instance.Region, out var list))
                    {
                        current[instance.Region] = list = [];
                    }

                    list.Add(instance.Account);
                }
                else
                {
                    others.Add(instance);
                }
            }

            return new StackSetFile(s.Name, s.Status, s.TemplateBody, [.. s.Parameters.Select(p => new ParameterFile(p.Key, p.Value))], s.LastOperation, current, others);
        })],
        state.EnabledControls,
        state.ConformancePacks.IsDefaultOrEmpty ? null : state.ConformancePacks);

    private static DeployedState FromFile(DeployedFile file) => new(
        [.. (file.StackSets ?? []).Select(s => new DeployedStackSet(
            s.Name,
            s.Status,
            s.TemplateBody,
            [.. (s.Parameters ?? []).Select(p => new ManifestParameter(p.Key, p.Value))],
            s.LastOperation,
            [.. (s.Current ?? []).SelectMany(r => r.Value.Select(a => new DeployedInstance(a, r.Key, "CURRENT", "SUCCEEDED", null, null))), .. s.Instances ?? []]))],
        [.. file.EnabledControls ?? []])
    {
        ConformancePacks = file.ConformancePacks ?? [],
    };

    private static bool IsPlainCurrent(DeployedInstance instance) =>
        instance is { Status: "CURRENT", DetailedStatus: "SUCCEEDED" or null, StatusReason: null } && instance.DriftStatus is null;

    private sealed record DeployedOnlyFile(int SchemaVersion, DeployedFile? Deployed);

    private sealed record DeployedFile(List<StackSetFile>? StackSets, ImmutableArray<DeployedControl>? EnabledControls, ImmutableArray<DeployedPackStatus>? ConformancePacks = null);

    private sealed record StackSetFile(
        string Name,
        string Status,
        string? TemplateBody,
        List<ParameterFile>? Parameters,
        DeployedOperation? LastOperation,
        SortedDictionary<string, List<string>>? Current,
        List<DeployedInstance>? Instances);

    private sealed record ParameterFile(string Key, string Value);

    /// <summary>Writes the report's deployed state in the file's compact form (plain CURRENT instances as account lists).</summary>
    private sealed class CompactDeployedState : JsonConverter<DeployedState>
    {
        public override DeployedState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            FromFile(JsonSerializer.Deserialize<DeployedFile>(ref reader, options) ?? throw new JsonException("the deployed section is null"));

        public override void Write(Utf8JsonWriter writer, DeployedState value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, ToFile(value), options);
    }
}
