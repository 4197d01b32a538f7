using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Templates: CfCT's Build stage runs validate-template and cfn_nag on every .template/.yaml/.yml/.json file
/// under templates/, so each must be a CloudFormation template; stack set resource files elsewhere must be too.
/// YAML templates may use the short-form tags (!Ref, !Sub, ...).
/// </summary>
internal sealed class TemplateRule : IValidationRule
{
    public IReadOnlyList<string> Codes { get; } =
        [DiagnosticCodes.NotATemplateUnderTemplates, DiagnosticCodes.TemplateUnreadable, DiagnosticCodes.TemplateStructure];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var files = new SortedSet<string>(context.TemplateFiles, StringComparer.Ordinal);
        foreach (var resource in context.Manifest.Manifest?.Resources ?? [])
        {
            if (resource.DeployMethod == DeployMethod.StackSet && !PackageContext.IsRemote(resource.ResourceFile) && context.FileExists(resource.ResourceFile))
            {
                files.Add(PackageContext.Normalize(resource.ResourceFile));
            }
        }

        foreach (var file in files)
        {
            if (context.Template(file) is not { } template)
            {
                continue;
            }

            if (template.Error is not null)
            {
                diagnostics.Error(DiagnosticCodes.TemplateUnreadable, $"the template does not parse: {template.Error}", context.At(file, template.ErrorLine, template.ErrorColumn), "fix the YAML/JSON syntax");
            }
            else if (!template.LooksLikeTemplate && file.StartsWith("templates/", StringComparison.Ordinal))
            {
                diagnostics.Error(DiagnosticCodes.NotATemplateUnderTemplates, "this file is under templates/ but is not a CloudFormation template; CfCT's Build stage validates every such file as one and fails", context.At(file, 1, 1), "move it out of templates/ (parameters/ or policies/)");
            }
            else
            {
                foreach (var (message, line, column) in template.StructureProblems)
                {
                    diagnostics.Error(DiagnosticCodes.TemplateStructure, message, context.At(file, line, column), "CloudFormation's ValidateTemplate rejects it");
                }
            }
        }
    }
}
