using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Policies;

/// <summary>
/// Reads an SCP/RCP JSON document into a <see cref="PolicyDocument"/>. Strict like Organizations (no comments,
/// no trailing commas, no duplicate or unknown keys) and reports every problem with a line and column.
/// </summary>
public static class PolicyParser
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly HashSet<string> DocumentKeys = new(StringComparer.Ordinal) { "Version", "Id", "Statement" };

    private static readonly HashSet<string> StatementKeys = new(StringComparer.Ordinal)
    {
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    };

    /// <summary>Parses <paramref name="json"/>; returns null (with diagnostics) when it is not a usable policy.</summary>
    public static PolicyDocument? Parse(string json, string file, DiagnosticBag diagnostics)
    {
        // A BOM is not JSON; editors on Windows add one, so it is tolerated here and reported by nobody.
        if (json.Length > 0 && json[0] == '\uFEFF')
        {
            json = json[1..];
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            diagnostics.Report(
                DiagnosticCodes.PolicyJsonInvalid,
                $"the policy is not valid JSON: {FirstSentence(ex.Message)}",
                new SourceLocation(file, line, column),
                "fix the JSON syntax at this position (policies allow no comments and no trailing commas)");
            return null;
        }

        using (document)
        {
            var positions = StatementPositions(bytes);
            var reader = new Reader(file, diagnostics, positions, bytes);
            return reader.ReadDocument(document.RootElement);
        }
    }

    /// <summary>Checks rules that depend on the policy kind: SCPs must not name a Principal, RCPs must.</summary>
    public static void CheckKind(PolicyDocument document, PolicyKind kind, DiagnosticBag diagnostics)
    {
        for (var i = 0; i < document.Statements.Length; i++)
        {
            var statement = document.Statements[i];
            var where = statement.Location ?? document.Location;
            if (kind == PolicyKind.Scp && statement.HasPrincipal)
            {
                diagnostics.Report(
                    DiagnosticCodes.ScpPrincipalNotAllowed,
                    $"statement {statement.DisplayName(i)} of an SCP has a {(statement.IsNotPrincipal ? "NotPrincipal" : "Principal")} element; Organizations rejects it",
                    where,
                    "remove it; to exempt principals use a Condition on aws:PrincipalArn");
            }
            else if (kind == PolicyKind.Rcp && !statement.HasPrincipal)
            {
                diagnostics.Report(
                    DiagnosticCodes.RcpPrincipalMissing,
                    $"statement {statement.DisplayName(i)} of an RCP has no Principal; Organizations requires one",
                    where,
                    "add \"Principal\": \"*\" and narrow it with Conditions");
            }
        }
    }

    /// <summary>System.Text.Json's message without its position suffix and its advice to change reader options.</summary>
    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:", " Change the reader options." })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd();
    }

    /// <summary>Byte offsets of each statement object, found with a reader pass since JsonDocument keeps no positions.</summary>
    private static List<long> StatementPositions(byte[] bytes)
    {
        var result = new List<long>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var inStatement = false;
        var statementDepth = -1;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                inStatement = reader.ValueTextEquals("Statement"u8);
                statementDepth = -1;
                continue;
            }

            if (!inStatement)
            {
                continue;
            }

            if (statementDepth < 0)
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    result.Add(reader.TokenStartIndex);
                    inStatement = false;
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    statementDepth = reader.CurrentDepth + 1;
                }
                else
                {
                    inStatement = false;
                }

                continue;
            }

            if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == statementDepth)
            {
                result.Add(reader.TokenStartIndex);
            }
            else if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == statementDepth - 1)
            {
                inStatement = false;
            }
        }

        return result;
    }

    /// <summary>Walks the parsed JSON, collecting diagnostics; one instance per parse.</summary>
    private sealed class Reader(string file, DiagnosticBag diagnostics, List<long> positions, byte[] bytes)
    {
        private bool _failed;

        public PolicyDocument? ReadDocument(JsonElement root)
        {
            var fileLocation = new SourceLocation(file, 1, 1);
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fail(fileLocation, "the policy must be a JSON object with Version and Statement");
                return null;
            }

            string? version = null;
            string? id = null;
            JsonElement? statementElement = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    Fail(fileLocation, $"the key '{property.Name}' appears twice");
                    continue;
                }

                switch (property.Name)
                {
                    case "Version":
                        version = ReadString(property.Value, "Version", fileLocation);
                        break;
                    case "Id":
                        id = ReadString(property.Value, "Id", fileLocation);
                        break;
                    case "Statement":
                        statementElement = property.Value;
                        break;
                    default:
                        Fail(fileLocation, $"unknown key '{property.Name}' at the top of the policy (allowed: {string.Join(", ", DocumentKeys.Order(StringComparer.Ordinal))})");
                        break;
                }
            }

            if (!seen.Contains("Version"))
            {
                diagnostics.Report(
                    DiagnosticCodes.PolicyVersionMissing,
                    "the policy has no Version; IAM then reads it as 2008-10-17, without policy variables",
                    fileLocation,
                    $"add \"Version\": \"{PolicyDocument.CurrentVersion}\"");
            }
            else if (version is not null && version != PolicyDocument.CurrentVersion)
            {
                diagnostics.Report(
                    DiagnosticCodes.PolicyVersionInvalid,
                    $"the policy Version is '{version}'",
                    fileLocation,
                    $"use \"{PolicyDocument.CurrentVersion}\"");
            }

            if (statementElement is null)
            {
                Fail(fileLocation, "the policy has no Statement");
                return null;
            }

            var statements = ImmutableArray.CreateBuilder<PolicyStatement>();
            var elements = statementElement.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. statementElement.Value.EnumerateArray()],
                JsonValueKind.Object => [statementElement.Value],
                _ => (List<JsonElement>?)null,
            };
            if (elements is null || elements.Count == 0)
            {
                Fail(fileLocation, "Statement must be an object or a non-empty array of objects");
                return null;
            }

            for (var i = 0; i < elements.Count; i++)
            {
                var location = i < positions.Count ? ToLocation(positions[i]) : fileLocation;
                var statement = ReadStatement(elements[i], i, location);
                if (statement is not null)
                {
                    statements.Add(statement);
                }
            }

            return _failed ? null : new PolicyDocument(version, id, statements.ToImmutable(), new SourceLocation(file));
        }

        private PolicyStatement? ReadStatement(JsonElement element, int index, SourceLocation location)
        {
            var name = $"#{index + 1}";
            if (element.ValueKind != JsonValueKind.Object)
            {
                Fail(location, $"statement {name} must be a JSON object");
                return null;
            }

            string? sid = null;
            if (element.TryGetProperty("Sid", out var sidElement))
            {
                sid = ReadString(sidElement, "Sid", location);
                if (sid is not null)
                {
                    name = $"'{sid}'";
                }
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    Fail(location, $"statement {name} has the key '{property.Name}' twice");
                }
                else if (!StatementKeys.Contains(property.Name))
                {
                    Fail(location, $"statement {name} has the unknown key '{property.Name}' (keys are case-sensitive)");
                }
            }

            PolicyEffect? effect = null;
            if (element.TryGetProperty("Effect", out var effectElement) && effectElement.ValueKind == JsonValueKind.String)
            {
                effect = effectElement.GetString() switch
                {
                    "Allow" => PolicyEffect.Allow,
                    "Deny" => PolicyEffect.Deny,
                    _ => null,
                };
            }

            if (effect is null)
            {
                diagnostics.Report(
                    DiagnosticCodes.PolicyEffectInvalid,
                    $"statement {name} needs \"Effect\": \"Allow\" or \"Deny\" (case-sensitive)",
                    location,
                    "set Effect to Allow or Deny");
                _failed = true;
            }

            var hasAction = element.TryGetProperty("Action", out var actionElement);
            var hasNotAction = element.TryGetProperty("NotAction", out var notActionElement);
            if (hasAction == hasNotAction)
            {
                diagnostics.Report(
                    DiagnosticCodes.PolicyActionMissing,
                    $"statement {name} must have exactly one of Action and NotAction",
                    location,
                    hasAction ? "keep one of them" : "add an Action list");
                _failed = true;
            }

            var actions = hasAction ? ReadStrings(actionElement, "Action", name, location)
                : hasNotAction ? ReadStrings(notActionElement, "NotAction", name, location)
                : [];

            var hasResource = element.TryGetProperty("Resource", out var resourceElement);
            var hasNotResource = element.TryGetProperty("NotResource", out var notResourceElement);
            if (hasResource && hasNotResource)
            {
                diagnostics.Report(
                    DiagnosticCodes.PolicyResourceInvalid,
                    $"statement {name} has both Resource and NotResource",
                    location,
                    "keep one of them");
                _failed = true;
            }
            else if (!hasResource && !hasNotResource)
            {
                diagnostics.Report(
                    DiagnosticCodes.PolicyResourceMissing,
                    $"statement {name} has no Resource; IAM policies require one",
                    location,
                    "add \"Resource\": \"*\" or the ARNs the statement is about");
            }

            var resources = hasResource ? ReadStrings(resourceElement, "Resource", name, location)
                : hasNotResource ? ReadStrings(notResourceElement, "NotResource", name, location)
                : [];

            string? principal = null;
            var isNotPrincipal = false;
            if (element.TryGetProperty("Principal", out var principalElement))
            {
                principal = Minified(principalElement);
            }
            else if (element.TryGetProperty("NotPrincipal", out var notPrincipalElement))
            {
                principal = Minified(notPrincipalElement);
                isNotPrincipal = true;
            }

            var conditions = element.TryGetProperty("Condition", out var conditionElement)
                ? ReadConditions(conditionElement, name, location)
                : [];

            return effect is null
                ? null
                : new PolicyStatement(sid, effect.Value, actions, hasNotAction && !hasAction, resources, hasNotResource && !hasResource, conditions, principal, isNotPrincipal, location);
        }

        private ImmutableArray<PolicyCondition> ReadConditions(JsonElement element, string name, SourceLocation location)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                ConditionError(location, $"the Condition of statement {name} must be an object of operator → {{key: values}}");
                return [];
            }

            var result = ImmutableArray.CreateBuilder<PolicyCondition>();
            foreach (var op in element.EnumerateObject())
            {
                if (op.Value.ValueKind != JsonValueKind.Object)
                {
                    ConditionError(location, $"the condition operator '{op.Name}' of statement {name} must map keys to values");
                    continue;
                }

                foreach (var key in op.Value.EnumerateObject())
                {
                    var items = key.Value.ValueKind == JsonValueKind.Array ? [.. key.Value.EnumerateArray()] : new List<JsonElement> { key.Value };
                    var values = ImmutableArray.CreateBuilder<string>();
                    var literal = items.Count > 0;
                    foreach (var item in items)
                    {
                        switch (item.ValueKind)
                        {
                            case JsonValueKind.String:
                                values.Add(item.GetString()!);
                                literal = false;
                                break;
                            case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number:
                                values.Add(item.GetRawText());
                                break;
                            default:
                                ConditionError(location, $"the value of '{op.Name}' / '{key.Name}' in statement {name} must be a string, boolean, number or a list of them");
                                break;
                        }
                    }

                    if (items.Count == 0)
                    {
                        ConditionError(location, $"the values of '{op.Name}' / '{key.Name}' in statement {name} are empty");
                    }

                    result.Add(new PolicyCondition(op.Name, key.Name, values.ToImmutable(), literal));
                }
            }

            return result.ToImmutable();
        }

        private ImmutableArray<string> ReadStrings(JsonElement element, string key, string name, SourceLocation location)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return [element.GetString()!];
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                var result = ImmutableArray.CreateBuilder<string>();
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        Fail(location, $"{key} of statement {name} must hold strings only");
                        return [];
                    }

                    result.Add(item.GetString()!);
                }

                if (result.Count == 0)
                {
                    Fail(location, $"{key} of statement {name} is an empty list");
                }

                return result.ToImmutable();
            }

            Fail(location, $"{key} of statement {name} must be a string or a list of strings");
            return [];
        }

        private string? ReadString(JsonElement element, string key, SourceLocation location)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return element.GetString();
            }

            Fail(location, $"{key} must be a string");
            return null;
        }

        private void Fail(SourceLocation location, string message)
        {
            diagnostics.Report(DiagnosticCodes.PolicyStructureInvalid, message, location, "see the IAM policy grammar; SCP and RCP keys are case-sensitive");
            _failed = true;
        }

        private void ConditionError(SourceLocation location, string message)
        {
            diagnostics.Report(
                DiagnosticCodes.PolicyConditionInvalid,
                message,
                location,
                "write \"Condition\": {\"StringEquals\": {\"aws:RequestedRegion\": [\"ap-northeast-1\"]}}");
            _failed = true;
        }

        private SourceLocation ToLocation(long offset)
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < offset; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            var column = Encoding.UTF8.GetCharCount(bytes, lineStart, (int)offset - lineStart) + 1;
            return new SourceLocation(file, line, column);
        }

        private static string Minified(JsonElement element)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, PolicySerializer.WriterOptions))
            {
                element.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
