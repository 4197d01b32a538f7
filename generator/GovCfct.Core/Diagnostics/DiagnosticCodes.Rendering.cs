namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of the Scriban template renderer, GCF1600-1699; documented in docs/diagnostics/rendering.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A control template does not parse as Scriban.</summary>
    public const string TemplateParseError = "GCF1601";

    /// <summary>A control template failed while rendering (undefined variable, bad function call...).</summary>
    public const string TemplateRuntimeError = "GCF1602";

    /// <summary>The control is not a Scriban control (it is synthesized from CDK), so the renderer cannot render it.</summary>
    public const string TemplateNotScriban = "GCF1603";

    /// <summary>A rendered SCP/RCP is not one JSON policy document with Version and Statement.</summary>
    public const string RenderedPolicyInvalid = "GCF1604";

    /// <summary>A required parameter has no value in the render context.</summary>
    public const string RenderParameterMissing = "GCF1605";

    /// <summary>A rendered stack-set template lacks a CloudFormation parameter for a non-list catalog parameter.</summary>
    public const string StackSetParameterMissing = "GCF1606";

    /// <summary>A rendered stack-set template is not valid YAML or has no Resources.</summary>
    public const string RenderedTemplateInvalid = "GCF1607";
}
