using System.Text.Json;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// SCP/RCP documents, which CfCT's Build stage never checks (they fail only in the SCP/RCP stage): JSON,
/// Version 2012-10-17, no Principal in SCPs, size as CfCT submits it (newline → CRLF, double spaces deleted)
/// against the limit setting, real IAM actions, description ≤ 512 characters.
/// </summary>
internal sealed class PolicyRule : IValidationRule
{
    private const int MaxDescriptionLength = 512;

    public IReadOnlyList<string> Codes { get; } =
    [
        DiagnosticCodes.PackagePolicyJsonInvalid, DiagnosticCodes.PackagePolicyVersionInvalid, DiagnosticCodes.ScpHasPrincipal,
        DiagnosticCodes.PackagePolicyTooLarge, DiagnosticCodes.PolicyUnknownAction, DiagnosticCodes.PolicyWildcardMatchesNothing,
        DiagnosticCodes.PolicyTextChangedBySubmission, DiagnosticCodes.PolicyDescriptionTooLong,
    ];

    /// <summary>The document text as CfCT's SCP/RCP state machine sends it to Organizations.</summary>
    public static string AsSubmittedByCfct(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal).Replace("  ", string.Empty, StringComparison.Ordinal);

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var done = new HashSet<(string, DeployMethod)>();
        foreach (var node in context.Manifest.Resources)
        {
            if (node.Resource is not { DeployMethod: not DeployMethod.StackSet } resource)
            {
                continue;
            }

            if (resource.Description is { Length: > MaxDescriptionLength } description)
            {
                diagnostics.Error(DiagnosticCodes.PolicyDescriptionTooLong, $"the description is {description.Length} characters; Organizations allows {MaxDescriptionLength} for a policy description", context.Manifest.At(node.Child("description")!), "shorten it");
            }

            var path = PackageContext.Normalize(resource.ResourceFile);
            if (PackageContext.IsRemote(path) || context.ReadText(path) is not { } text || !done.Add((path, resource.DeployMethod)))
            {
                continue;
            }

            CheckDocument(context, path, text, resource.DeployMethod, diagnostics);
        }
    }

    private static void CheckDocument(PackageContext context, string path, string text, DeployMethod method, DiagnosticBag diagnostics)
    {
        var kind = method == DeployMethod.Scp ? "SCP" : "RCP";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            diagnostics.Error(DiagnosticCodes.PackagePolicyJsonInvalid, $"the {kind} is not valid JSON: {FileRule.FirstSentence(e.Message)}", context.At(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1), "fix the JSON; CfCT fails in its SCP/RCP stage, after the Build stage passed");
            return;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Error(DiagnosticCodes.PackagePolicyJsonInvalid, $"the {kind} must be a JSON object with Version and Statement", context.At(path, 1, 1));
                return;
            }

            if (!root.TryGetProperty("Version", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2012-10-17")
            {
                diagnostics.Error(DiagnosticCodes.PackagePolicyVersionInvalid, $"the {kind} must have \"Version\": \"2012-10-17\"", At(context, path, text, "\"Version\""), "set Version to 2012-10-17");
            }

            var statements = root.TryGetProperty("Statement", out var s)
                ? s.ValueKind == JsonValueKind.Array ? [.. s.EnumerateArray()] : new List<JsonElement> { s }
                : [];
            if (statements.Count == 0)
            {
                diagnostics.Error(DiagnosticCodes.PackagePolicyJsonInvalid, $"the {kind} has no Statement", context.At(path, 1, 1), "add at least one statement");
            }

            foreach (var statement in statements.Where(st => st.ValueKind == JsonValueKind.Object))
            {
                if (method == DeployMethod.Scp && (statement.TryGetProperty("Principal", out _) || statement.TryGetProperty("NotPrincipal", out _)))
                {
                    diagnostics.Error(DiagnosticCodes.ScpHasPrincipal, "an SCP statement must not have Principal or NotPrincipal; Organizations rejects the policy", At(context, path, text, "\"Principal\"", "\"NotPrincipal\""), "limit principals with a Condition on aws:PrincipalArn instead");
                }

                foreach (var key in new[] { "Action", "NotAction" })
                {
                    if (!statement.TryGetProperty(key, out var actions))
                    {
                        continue;
                    }

                    var list = actions.ValueKind == JsonValueKind.Array ? actions.EnumerateArray() : Enumerable.Repeat(actions, 1);
                    foreach (var action in list.Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!))
                    {
                        if (IamActionIndex.Problem(action, out var wildcard) is { } problem)
                        {
                            diagnostics.Error(wildcard ? DiagnosticCodes.PolicyWildcardMatchesNothing : DiagnosticCodes.PolicyUnknownAction, $"{key} {problem}", At(context, path, text, $"\"{action}\""), wildcard ? "fix the pattern; it denies or allows nothing" : "check the spelling against the service authorization reference");
                        }
                    }
                }
            }

            var submitted = AsSubmittedByCfct(text);
            var size = submitted.EnumerateRunes().Count();
            var limit = method == DeployMethod.Scp ? context.Options.ScpLimits.MaxSize : context.Options.RcpLimits.MaxSize;
            if (size > limit)
            {
                diagnostics.Error(DiagnosticCodes.PackagePolicyTooLarge, $"the {kind} is {size} characters as CfCT submits it (newlines become CRLF, double spaces are removed); the limit is {limit}", context.At(path, 1, 1), "minify it to one line or split it into several policies");
            }

            if (HasDoubleSpaceInString(root))
            {
                diagnostics.Warning(DiagnosticCodes.PolicyTextChangedBySubmission, $"a string in the {kind} contains two spaces in a row; CfCT deletes them before submitting, so the deployed policy differs", context.At(path, 1, 1), "use single spaces inside strings");
            }
        }
    }

    private static bool HasDoubleSpaceInString(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Contains("  ", StringComparison.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Any(HasDoubleSpaceInString),
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.Contains("  ", StringComparison.Ordinal) || HasDoubleSpaceInString(p.Value)),
        _ => false,
    };

    /// <summary>Position of the first occurrence of any needle (JsonDocument keeps no positions).</summary>
    private static SourceLocation At(PackageContext context, string path, string text, params string[] needles)
    {
        var index = needles.Select(n => text.IndexOf(n, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (index < 0)
        {
            return context.At(path, 1, 1);
        }

        var line = text.AsSpan(0, index).Count('\n') + 1;
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        return context.At(path, line, index - lineStart + 1);
    }
}
