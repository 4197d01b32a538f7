using GovCfct.Core.Diagnostics;
using GovCfct.Core.Validation.CfnNag;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// CfCT's Build stage runs <c>cfn_nag_scan --input-path</c> on every .template/.yaml/.yml/.json file under
/// templates/ (run-validation.sh), one at a time; a FAIL finding stops the stage. The FAIL rules of the pinned
/// release (<see cref="PackageValidationOptions.CfnNagVersion"/>) run here, located at the resource's <c>Type</c> line
/// as cfn_nag reports it, with cfn_nag's suppression metadata honoured.
/// </summary>
internal sealed class CfnNagRule : IValidationRule
{
    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } = [DiagnosticCodes.CfnNagFailure, DiagnosticCodes.CfnNagSuppressionWithoutId];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        if (context.Options.CfnNagVersion is not { } version)
        {
            return;
        }

        foreach (var file in context.TemplateFiles)
        {
            if (context.ReadText(file) is not { } text)
            {
                continue;
            }

            foreach (var finding in CfnNagScanner.Scan(text))
            {
                diagnostics.Report(
                    DiagnosticCodes.CfnNagFailure,
                    $"cfn_nag {version} FAIL {finding.RuleId} on {finding.LogicalId} ({finding.ResourceType}): {finding.Message}; CfCT's Build stage stops on it",
                    context.At(file, finding.Line),
                    $"fix the resource, or, when the finding does not apply, add Metadata: cfn_nag: rules_to_suppress: [{{id: {finding.RuleId}, reason: <why>}}]");
            }

            foreach (var (logicalId, line) in CfnNagScanner.SuppressionsWithoutId(text))
            {
                diagnostics.Report(DiagnosticCodes.CfnNagSuppressionWithoutId, $"{logicalId}'s cfn_nag rules_to_suppress has an entry without id; cfn_nag suppresses nothing with it", context.At(file, line), "write the rule id it suppresses: - id: F3");
            }
        }
    }
}
