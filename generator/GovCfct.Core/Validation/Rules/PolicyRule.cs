using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// SCP/RCP documents, which CfCT's Build stage never checks (they fail only in the SCP/RCP stage). The checks are
/// the Policies stage's, so a package and the build agree: PolicyParser (JSON, structure, Version, Principal by
/// kind), PolicySize (as CfCT submits it, against the limit setting), PolicyActionChecker (unknown services,
/// actions, wildcards matching nothing), LockoutChecker and EscalationChecker over all SCPs together. Here: the description limit.
/// </summary>
internal sealed class PolicyRule : IValidationRule
{
    private const int MaxDescriptionLength = 512;

    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.PolicyDescriptionTooLong, DiagnosticCodes.PolicyJsonInvalid, DiagnosticCodes.PolicyStructureInvalid,
        DiagnosticCodes.PolicyVersionMissing, DiagnosticCodes.PolicyVersionInvalid, DiagnosticCodes.PolicyEffectInvalid,
        DiagnosticCodes.PolicyActionMissing, DiagnosticCodes.PolicyResourceInvalid, DiagnosticCodes.PolicyResourceMissing, DiagnosticCodes.ScpPrincipalNotAllowed,
        DiagnosticCodes.RcpPrincipalMissing, DiagnosticCodes.PolicyConditionInvalid, DiagnosticCodes.PolicyTooLarge,
        DiagnosticCodes.PolicyDoubleSpace, DiagnosticCodes.ActionServiceUnknown, DiagnosticCodes.ActionUnknown,
        DiagnosticCodes.ActionWildcardMatchesNothing, DiagnosticCodes.ActionMalformed, DiagnosticCodes.LockoutDenied,
        DiagnosticCodes.LockoutOperatorUnsupported, DiagnosticCodes.EscalationPossible, DiagnosticCodes.EscalationPatternUnsupported,
        DiagnosticCodes.PlaceholderLeft,
    ];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var done = new HashSet<(string, DeployMethod)>();
        var scps = new List<(string Name, PolicyDocument Doc)>();
        var actionChecker = new PolicyActionChecker();
        foreach (var node in context.Manifest.Resources)
        {
            if (node.Resource is not { DeployMethod: not DeployMethod.StackSet } resource)
            {
                continue;
            }

            if (resource.Description is { Length: > MaxDescriptionLength } description)
            {
                diagnostics.Report(DiagnosticCodes.PolicyDescriptionTooLong, $"the description is {description.Length} characters; Organizations allows {MaxDescriptionLength} for a policy description", context.Manifest.At(node.Child("description")!), "shorten it");
            }

            var path = PackageContext.Normalize(resource.ResourceFile);
            if (PackageContext.IsRemote(path) || context.ReadText(path) is not { } text || !done.Add((path, resource.DeployMethod)))
            {
                continue;
            }

            var kind = resource.DeployMethod == DeployMethod.Scp ? PolicyKind.Scp : PolicyKind.Rcp;
            foreach (var (value, placeholder, line) in Placeholders.FindInJson(text))
            {
                // Organizations accepts such a document: an exemption naming a placeholder role exempts nobody, and
                // the principal it meant to exempt is denied like everyone else.
                diagnostics.Report(DiagnosticCodes.PlaceholderLeft, $"'{Placeholders.Shorten(value)}' in policy '{resource.Name}' still holds the placeholder '{placeholder}'; Organizations accepts it as written, so it matches nothing real (an exception for it exempts nobody)", context.At(path, line), "write the real ARN, account id or value");
            }

            var document = PolicyParser.Parse(text, path, diagnostics);
            var limits = kind == PolicyKind.Scp ? context.Options.Settings.ScpLimits : context.Options.Settings.RcpLimits;
            PolicySize.Check(text, document, limits.MaxSize, path, diagnostics);
            if (document is null)
            {
                continue;
            }

            PolicyParser.CheckKind(document, kind, diagnostics);
            actionChecker.Check(document, diagnostics);
            if (kind == PolicyKind.Scp)
            {
                scps.Add((resource.Name, document));
            }
        }

        if (scps.Count > 0)
        {
            new LockoutChecker().Check(scps, Principals(context.Options.Settings, context), diagnostics);

            // Whoever the package exempts, nobody else may become them: the impostor is the settings' Admin permission
            // set (Control Tower's default AWSAdministratorAccess when no definition is given), as in the build.
            new EscalationChecker().Check(scps, PolicyStage.EscalationAttackers(context.Options.Settings), diagnostics);
        }
    }

    /// <summary>
    /// The lockout context. With a definition, the build's own (both come from the one settings object, through
    /// PolicyStage). Without one, nothing organization-specific is known, so the package itself shows who deploys what
    /// where (PackageLockoutContext): this project's defaults, which other organizations do not have, are not assumed.
    /// Governed regions and limits given on the command line still leave the principals unknown.
    /// </summary>
    internal static IReadOnlyList<ProtectedPrincipal> Principals(GovernanceSettings settings, PackageContext context) =>
        settings.KnowsPrincipals ? PolicyStage.ProtectedPrincipals(settings) : PackageLockoutContext.Derive(context);
}
