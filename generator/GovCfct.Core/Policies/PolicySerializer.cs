using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GovCfct.Core.Policies;

/// <summary>
/// Writes a <see cref="PolicyDocument"/> as minified single-line JSON: every character counts against the 5,120
/// limit, and a single line means CfCT's newline rewrite adds nothing. Deterministic: Version, Id, Statement;
/// statement keys in the order Sid, Effect, Principal, Action/NotAction, Resource/NotResource, Condition;
/// single values written as strings, lists as arrays; no escaping beyond what JSON requires.
/// </summary>
public static class PolicySerializer
{
    /// <summary>Relaxed escaping: the output is never embedded in HTML, and <c>\u002B</c> for '+' would cost 5 characters.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Minify(PolicyDocument document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (document.Version is not null)
            {
                writer.WriteString("Version", document.Version);
            }

            if (document.Id is not null)
            {
                writer.WriteString("Id", document.Id);
            }

            writer.WriteStartArray("Statement");
            foreach (var statement in document.Statements)
            {
                WriteStatement(writer, statement);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStatement(Utf8JsonWriter writer, PolicyStatement statement)
    {
        writer.WriteStartObject();
        if (!string.IsNullOrEmpty(statement.Sid))
        {
            writer.WriteString("Sid", statement.Sid);
        }

        writer.WriteString("Effect", statement.Effect == PolicyEffect.Allow ? "Allow" : "Deny");
        if (statement.PrincipalJson is not null)
        {
            writer.WritePropertyName(statement.IsNotPrincipal ? "NotPrincipal" : "Principal");
            writer.WriteRawValue(statement.PrincipalJson, skipInputValidation: true);
        }

        WriteValues(writer, statement.IsNotAction ? "NotAction" : "Action", statement.Actions);
        if (!statement.Resources.IsDefaultOrEmpty)
        {
            WriteValues(writer, statement.IsNotResource ? "NotResource" : "Resource", statement.Resources);
        }

        if (!statement.Conditions.IsDefaultOrEmpty)
        {
            writer.WriteStartObject("Condition");
            foreach (var group in statement.Conditions.GroupBy(c => c.Operator, StringComparer.Ordinal))
            {
                writer.WriteStartObject(group.Key);
                foreach (var condition in group)
                {
                    writer.WritePropertyName(condition.Key);
                    WriteConditionValues(writer, condition);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 1)
        {
            writer.WriteString(name, values[0]);
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteConditionValues(Utf8JsonWriter writer, PolicyCondition condition)
    {
        if (condition.Values.Length != 1)
        {
            writer.WriteStartArray();
        }

        foreach (var value in condition.Values)
        {
            if (condition.Literal)
            {
                writer.WriteRawValue(value, skipInputValidation: false);
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        if (condition.Values.Length != 1)
        {
            writer.WriteEndArray();
        }
    }
}
