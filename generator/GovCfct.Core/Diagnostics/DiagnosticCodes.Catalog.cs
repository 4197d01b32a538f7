namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of the control catalog loader (templates/), GCF1200-1399; documented in docs/diagnostics/catalog.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The catalog folder does not exist.</summary>
    public const string CatalogFolderMissing = "GCF1201";

    /// <summary>A control folder has no control.yaml.</summary>
    public const string ControlFileMissing = "GCF1202";

    /// <summary>control.yaml is not well-formed YAML.</summary>
    public const string CatalogYamlSyntax = "GCF1203";

    /// <summary>control.yaml has a key the catalog does not know (typos would otherwise be ignored).</summary>
    public const string CatalogUnknownKey = "GCF1204";

    /// <summary>A key appears twice in one mapping.</summary>
    public const string CatalogDuplicateKey = "GCF1205";

    /// <summary>A required key is missing.</summary>
    public const string CatalogMissingKey = "GCF1206";

    /// <summary>A value has the wrong shape or is not one of the allowed values.</summary>
    public const string CatalogInvalidValue = "GCF1207";

    /// <summary>The control's <c>id</c> differs from its folder name.</summary>
    public const string ControlIdMismatch = "GCF1208";

    /// <summary>The file named by <c>template</c> does not exist in the control's folder.</summary>
    public const string TemplateFileMissing = "GCF1209";

    /// <summary>Two parameters of one control have the same name.</summary>
    public const string DuplicateParameter = "GCF1210";

    /// <summary>A parameter default does not match the parameter's type, pattern or allowed values.</summary>
    public const string ParameterDefaultInvalid = "GCF1211";

    /// <summary>A control id or parameter name has characters CfCT or CloudFormation reject.</summary>
    public const string CatalogInvalidName = "GCF1212";

    /// <summary>The keys required by the control's source are missing or contradict it (template vs cdk_construct).</summary>
    public const string ControlSourceMismatch = "GCF1213";

    /// <summary><c>regions</c> is set on an SCP or RCP, which Organizations applies globally.</summary>
    public const string RegionsNotAllowed = "GCF1214";

    /// <summary>A parameter's <c>pattern</c> is not a valid regular expression.</summary>
    public const string ParameterPatternInvalid = "GCF1215";

    /// <summary>The catalog folder holds no control at all.</summary>
    public const string CatalogEmpty = "GCF1216";

    /// <summary>A control of the local catalog has the id of a different control in the catalog the tool carries.</summary>
    public const string ControlShadowsCarried = "GCF1217";

    /// <summary>A <c>ct_control</c> entry lacks its Control Catalog identifier, name or behaviour, or carries keys only templates have.</summary>
    public const string CtControlSpecInvalid = "GCF1280";
}
