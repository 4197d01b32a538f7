using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Packaging;

/// <summary>
/// Baseline packer: keeps each control's statements together and fills documents first-fit in control order.
/// The policy stage's packer (statement merging) can replace it through <see cref="PackageBuilderOptions.Packer"/>.
/// </summary>
public static class SimplePolicyPacker
{
    private static readonly JsonSerializerOptions Minified = new()
    {
        WriteIndented = false,
        // Relaxed escaping keeps "+" and "<" literal: escapes would cost characters against the size limit.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static PolicyPackOutcome Pack(IReadOnlyList<PolicyPackInput> fragments, int maxSize, int slots, string target, DiagnosticBag diagnostics)
    {
        var documents = new List<(List<string> Ids, JsonArray Statements)>();
        var ok = true;
        foreach (var fragment in fragments)
        {
            var statements = ParseStatements(fragment, diagnostics);
            if (statements is null)
            {
                ok = false;
                continue;
            }

            var placed = false;
            foreach (var document in documents)
            {
                var trial = document.Statements.DeepClone().AsArray();
                foreach (var s in statements)
                {
                    trial.Add(s!.DeepClone());
                }

                if (Serialize(trial).Length <= maxSize)
                {
                    document.Ids.Add(fragment.ControlId);
                    foreach (var s in statements)
                    {
                        document.Statements.Add(s!.DeepClone());
                    }

                    placed = true;
                    break;
                }
            }

            if (!placed)
            {
                var single = new JsonArray([.. statements.Select(s => s!.DeepClone())]);
                var size = Serialize(single).Length;
                if (size > maxSize)
                {
                    diagnostics.Error(DiagnosticCodes.PolicyBudgetExceeded, $"policy of control '{fragment.ControlId}' at '{target}' is {size} characters, {size - maxSize} over the limit of {maxSize}", fragment.Location, "shorten the control's parameter lists or split the control");
                    ok = false;
                }

                documents.Add(([fragment.ControlId], single));
            }
        }

        if (documents.Count > slots)
        {
            diagnostics.Error(DiagnosticCodes.PolicyBudgetExceeded, $"policies attached at '{target}' need {documents.Count} documents but only {slots} slots are free (controls: {string.Join(", ", fragments.Select(f => f.ControlId))})", null, "assign some of these controls on a parent OU, opt out where they are not needed, or raise scp_limits.max_attached if your quota allows");
            ok = false;
        }

        return new PolicyPackOutcome([.. documents.Select(d => new PackedDocument([.. d.Ids], Serialize(d.Statements)))], ok);
    }

    private static JsonArray? ParseStatements(PolicyPackInput fragment, DiagnosticBag diagnostics)
    {
        try
        {
            var node = JsonNode.Parse(fragment.Json);
            var statement = node?["Statement"];
            return statement switch
            {
                JsonArray array => array,
                JsonObject single => [single.DeepClone()],
                _ => Fail(),
            };
        }
        catch (JsonException ex)
        {
            diagnostics.Error(DiagnosticCodes.InvalidPolicyDocument, $"rendered policy of control '{fragment.ControlId}' is not valid JSON: {ex.Message}", fragment.Location, "fix the control's template");
            return null;
        }

        JsonArray? Fail()
        {
            diagnostics.Error(DiagnosticCodes.InvalidPolicyDocument, $"rendered policy of control '{fragment.ControlId}' has no Statement", fragment.Location, "fix the control's template");
            return null;
        }
    }

    private static string Serialize(JsonArray statements)
    {
        var document = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = statements.DeepClone(),
        };
        return document.ToJsonString(Minified);
    }
}
