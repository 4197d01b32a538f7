using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Rendering;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Packaging;

/// <summary>Small builders for in-memory definitions and catalogs, so resolution and packaging are tested on their own.</summary>
internal static class TestModel
{
    public static ParameterValue Value(string text, string file = "manifest/organization.yaml", int line = 1) =>
        ParameterValue.Of(text, new SourceLocation(file, line, 1));

    public static ParameterValue List(params string[] items) => ParameterValue.OfList(items, new SourceLocation("manifest/organization.yaml", 1, 1));

    public static ControlParameter Parameter(string name, ParameterType type = ParameterType.String, string? defaultValue = null, string? pattern = null, params string[] allowed) =>
        new(name, type, defaultValue is null ? null : type == ParameterType.List ? ParameterValue.OfList(defaultValue.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : ParameterValue.Of(defaultValue), new LocalizedText("説明", "description"), pattern, [.. allowed]);

    public static ControlDefinition Control(string id, ControlKind kind, params ControlParameter[] parameters) =>
        new(id, kind, ControlSource.Scriban, new LocalizedText("タイトル " + id, "Title " + id), new LocalizedText("説明", "Description"), "seed", [.. parameters], [], $"templates/{id}/template", string.Empty, null, new SourceLocation($"templates/{id}/control.yaml", 1, 1));

    public static ControlCatalog CatalogOf(params ControlDefinition[] controls) => new([.. controls.OrderBy(c => c.Id, StringComparer.Ordinal)]);

    /// <summary>The standard test catalog: two stack sets, two SCPs, one RCP.</summary>
    public static ControlCatalog StandardCatalog() => CatalogOf(
        Control("guardduty", ControlKind.StackSet, Parameter("NotificationEmail", ParameterType.Email), Parameter("Frequency", ParameterType.String, "SIX_HOURS", null, "SIX_HOURS", "ONE_HOUR")),
        Control("config-rules-baseline", ControlKind.StackSet, Parameter("ExcludedRules", ParameterType.List, "")),
        Control("deny-regions", ControlKind.Scp, Parameter("AllowedRegions", ParameterType.List, "ap-northeast-1 ap-northeast-3")),
        Control("deny-leave-organization", ControlKind.Scp),
        Control("rcp-require-secure-transport", ControlKind.Rcp));

    public static OuNode Ou(string path, ControlAssignment[]? controls = null, ControlExemption[]? exemptions = null, Dictionary<string, ParameterValue>? parameters = null, params OuNode[] children) =>
        new(path.Split(':')[^1], path, [.. controls ?? []], [.. exemptions ?? []], (parameters ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal), [], [.. children], new SourceLocation($"manifest/ous/{path.Replace(':', '/')}.yaml", 1, 1));

    public static ControlAssignment Assign(string id, Dictionary<string, ParameterValue>? parameters = null, int line = 3) =>
        new(id, (parameters ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal), new SourceLocation("manifest/ous/assign.yaml", line, 5));

    public static ControlExemption OptOut(string id, string reason = "the same control is enabled by Control Tower") =>
        new(id, reason, new SourceLocation("manifest/ous/optout.yaml", 7, 5));

    public static GovernanceDefinition Org(Dictionary<string, ParameterValue>? parameters, params OuNode[] topLevel) =>
        new(
            new GovernanceSettings { Name = "gov", HomeRegion = "ap-northeast-1", GovernedRegions = ["ap-northeast-1", "ap-northeast-3"], ResourcePrefix = "gc", ScpLimits = PolicyLimits.DefaultScp, RcpLimits = PolicyLimits.DefaultRcp, EnableStackSetDeletion = true, Principals = PlatformPrincipals.Default, Location = new SourceLocation("manifest/organization.yaml", 1, 1) },
            (parameters ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal),
            new OuNode(OuNode.RootName, string.Empty, [], [], ImmutableSortedDictionary<string, ParameterValue>.Empty.WithComparers(StringComparer.Ordinal), [], [.. topLevel], new SourceLocation("manifest/organization.yaml", 1, 1)),
            "manifest");

    /// <summary>
    /// Renders a stack set as a small CloudFormation template (scalars as parameters, lists in the text) and a policy as one
    /// statement per control, as the catalog contract says the real templates do.
    /// </summary>
    public static string? Render(ControlDefinition control, RenderContext context, DiagnosticBag diagnostics)
    {
        if (control.Kind == ControlKind.StackSet)
        {
            var text = new StringBuilder("AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: " + control.Id + "\n");
            var scalars = control.Parameters.Where(p => p.Type != ParameterType.List).ToList();
            if (scalars.Count > 0)
            {
                text.Append("Parameters:\n");
                foreach (var p in scalars)
                {
                    text.Append("  ").Append(p.Name).Append(":\n    Type: String\n");
                }
            }

            // A resource no alert relies on: an alert's topic or rule would need a prefix name and an SCP protecting it
            // (the alert-protection check every build runs), which the packaging tests are not about; an "alert-"
            // control creates an unnamed topic (that check's case).
            text.Append(control.Id.StartsWith("alert-", StringComparison.Ordinal)
                ? "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
                : "Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n");
            foreach (var p in control.Parameters.Where(p => p.Type == ParameterType.List))
            {
                text.Append("    # ").Append(p.Name).Append(": ").Append(string.Join(' ', context.Parameters[p.Name].Items)).Append('\n');
            }

            return text.ToString();
        }

        var sid = new string([.. control.Id.Where(char.IsLetterOrDigit)]);
        var regions = context.Parameters.TryGetValue("AllowedRegions", out var r) ? string.Join(",", r.Items.Select(i => $"\"{i}\"")) : "\"*\"";

        // Like every catalog policy, exempt the protected principals; an "unsafe-" control forgets to (the lockout check's case).
        // An SCP that exempts them also denies everyone else IAM outside the allowed regions (IAM is us-east-1), which
        // covers what protect-exempt-principals denies in the real catalog: nobody else can become an exempted role. A
        // "weak-" control exempts them without that deny (the escalation check's case).
        var exemption = control.Id.StartsWith("unsafe-", StringComparison.Ordinal)
            ? string.Empty
            : $$""", "ArnNotLike": { "aws:PrincipalARN": [{{string.Join(",", context.ProtectedPrincipalArns.Select(a => $"\"{a}\""))}}] }""";
        var forging = exemption.Length > 0 && !control.Id.StartsWith("weak-", StringComparison.Ordinal);
        var actions = control.Kind == ControlKind.Rcp ? "\"s3:*\"" : forging ? "[\"organizations:*\", \"iam:*\"]" : "\"organizations:*\"";
        return $$"""
            {
              "Version": "2012-10-17",
              "Statement": [ { "Sid": "{{sid}}", "Effect": "Deny", "Action": {{actions}}, "Resource": "*", "Condition": { "StringNotEquals": { "aws:RequestedRegion": [{{regions}}] }{{exemption}} } } ]
            }
            """;
    }

    /// <summary>
    /// The production pipeline (resolution, packaging, packer and policy checks) over this in-memory definition, catalog and
    /// renderer: the entry point the command line calls, with only the inputs substituted.
    /// </summary>
    public static PackageBuildResult Build(GovernanceDefinition definition, DiagnosticBag diagnostics, ControlCatalog? catalog = null, ICdkTemplateSource? cdkSource = null)
    {
        var resolvedCatalog = catalog ?? StandardCatalog();
        var pipeline = BuildPipeline.WithSources(new PipelineSources((_, _) => definition, (_, _) => resolvedCatalog, Render, cdkSource));
        var result = pipeline.Build(definition, string.Empty, diagnostics);
        return new PackageBuildResult(result.Package, result.Report, result.Resolution);
    }
    public static string Text(this CfctPackage package, string path) => Encoding.UTF8.GetString(package.Files[path]);
}
