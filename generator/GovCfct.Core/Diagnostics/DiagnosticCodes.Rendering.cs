namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of the Scriban template renderer, GCF1600-1699; documented in docs/diagnostics/rendering.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A control template does not parse as Scriban.</summary>
    public static readonly DiagnosticDescriptor TemplateParseError = new(
        "GCF1601",
        Severity.Error,
        DiagnosticPage.Rendering,
        "The template does not parse as Scriban (unclosed `{{`, `if` without `end`...). Rendering stops at parse errors.",
        "Fix the Scriban syntax at the position shown.");

    /// <summary>A control template failed while rendering (undefined variable, bad function call...).</summary>
    public static readonly DiagnosticDescriptor TemplateRuntimeError = new(
        "GCF1602",
        Severity.Error,
        DiagnosticPage.Rendering,
        "The template failed while rendering. Variables are strict: any name other than `org.*`, `params.<declared parameter>`, `protected_principal_arns`, `name_suffix` and the built-in functions is an error, as is a wrong function call.",
        "Use only declared parameters (add the parameter to `control.yaml` if it is new) and the model in [catalog.md](../catalog.md).");

    /// <summary>The control is not a Scriban control (it is synthesized from CDK), so the renderer cannot render it.</summary>
    public static readonly DiagnosticDescriptor TemplateNotScriban = new(
        "GCF1603",
        Severity.Error,
        DiagnosticPage.Rendering,
        "The control is a CDK control; it is synthesized, not rendered with Scriban.",
        "Render it with the CDK synthesizer (the build does this by itself).");

    /// <summary>A rendered SCP/RCP is not one JSON policy document with Version and Statement.</summary>
    public static readonly DiagnosticDescriptor RenderedPolicyInvalid = new(
        "GCF1604",
        Severity.Error,
        DiagnosticPage.Rendering,
        "A rendered SCP/RCP is not JSON, or not one object with `\"Version\"` and a `\"Statement\"` array of objects.",
        "Emit values with `json_string` / `json_array`; check commas between statements.");

    /// <summary>A required parameter has no value in the render context.</summary>
    public static readonly DiagnosticDescriptor RenderParameterMissing = new(
        "GCF1605",
        Severity.Error,
        DiagnosticPage.Rendering,
        "A parameter without a catalog default has no value from the definition (assignment, OU or organization).",
        "Set the parameter in the definition.");

    /// <summary>A rendered stack-set template lacks a CloudFormation parameter for a non-list catalog parameter.</summary>
    public static readonly DiagnosticDescriptor StackSetParameterMissing = new(
        "GCF1606",
        Severity.Error,
        DiagnosticPage.Rendering,
        "A rendered stack-set template does not declare a CloudFormation parameter for a non-list catalog parameter. The packager passes every non-list parameter through `manifest.yaml`, and CloudFormation rejects unknown parameters.",
        "Add the parameter under `Parameters:` with the same name, or make it a `list` parameter rendered into the text.");

    /// <summary>A rendered stack-set template is not valid YAML or has no Resources.</summary>
    public static readonly DiagnosticDescriptor RenderedTemplateInvalid = new(
        "GCF1607",
        Severity.Error,
        DiagnosticPage.Rendering,
        "A rendered stack-set template is not valid YAML or has no `Resources` mapping.",
        "Check indentation produced by loops and conditions (`{{~ ... ~}}` trims whitespace).");

    /// <summary>A parameter value does not fit the catalog declaration (list vs single value, type, pattern, allowed values).</summary>
    public static readonly DiagnosticDescriptor RenderParameterInvalid = new(
        "GCF1608",
        Severity.Error,
        DiagnosticPage.Rendering,
        "A parameter value does not fit the control's declaration: a single value where a list is declared (or the reverse), a value that is not of the type (`boolean`, `number`, `email`, `arn`), does not match `pattern`, or is not in `allowed_values`. Checked before rendering so a bad value can never produce a broken policy. Reported at the value in the definition.",
        "Fix the value; `govcfct controls` shows what each parameter accepts.");

    /// <summary>A stack-set template has a CloudFormation parameter without Default that no catalog parameter supplies.</summary>
    public static readonly DiagnosticDescriptor StackSetParameterUndeclared = new(
        "GCF1609",
        Severity.Error,
        DiagnosticPage.Rendering,
        "A rendered stack-set template has a CloudFormation parameter without `Default` that no catalog parameter of the same name supplies; CfCT would pass no value and every stack instance would fail.",
        "Declare the parameter in `control.yaml` or give it a `Default`.");
}
