using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Policies;

/// <summary>
/// Checks every Action/NotAction of a policy against the IAM action catalog: AWS accepts misspelt actions in SCPs
/// silently, so a typo in a Deny protects nothing and a typo in a NotAction exemption denies more than meant.
/// </summary>
public sealed class PolicyActionChecker(IamActionCatalog? catalog = null)
{
    private readonly IamActionCatalog _catalog = catalog ?? IamActionCatalog.Default;

    public void Check(PolicyDocument document, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(diagnostics);
        for (var i = 0; i < document.Statements.Length; i++)
        {
            var statement = document.Statements[i];
            var where = statement.Location ?? document.Location;
            var element = statement.IsNotAction ? "NotAction" : "Action";
            foreach (var action in statement.Actions)
            {
                CheckAction(action, $"{element} of statement {statement.DisplayName(i)}", where, diagnostics);
            }
        }
    }

    private void CheckAction(string action, string context, SourceLocation where, DiagnosticBag diagnostics)
    {
        if (action == "*")
        {
            return;
        }

        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == action.Length - 1 || action.Contains(' ', StringComparison.Ordinal) || action.IndexOf(':', colon + 1) >= 0)
        {
            diagnostics.Report(
                DiagnosticCodes.ActionMalformed,
                $"'{action}' in the {context} is not of the form service:Action",
                where,
                "write the service prefix, a colon and the action name, e.g. s3:GetObject");
            return;
        }

        var service = action[..colon];
        if (!IamWildcard.HasWildcard(service) && !_catalog.IsServiceKnown(service))
        {
            diagnostics.Report(
                DiagnosticCodes.ActionServiceUnknown,
                $"'{action}' in the {context} names the unknown service prefix '{service}'",
                where,
                "check the prefix in the Service Authorization Reference; if the service is new, update Policies/Data/iam-actions.json");
            return;
        }

        if (IamWildcard.HasWildcard(action))
        {
            if (!_catalog.WildcardMatchesAny(action))
            {
                diagnostics.Report(
                    DiagnosticCodes.ActionWildcardMatchesNothing,
                    $"the wildcard '{action}' in the {context} matches no action",
                    where,
                    "fix the spelling; a wildcard that matches nothing denies or exempts nothing");
            }

            return;
        }

        if (!_catalog.Exists(action))
        {
            diagnostics.Report(
                DiagnosticCodes.ActionUnknown,
                $"'{action}' in the {context} is not an action of '{service}'",
                where,
                "fix the spelling (see the Service Authorization Reference); if AWS added it recently, update Policies/Data/iam-actions.json");
        }
    }
}
