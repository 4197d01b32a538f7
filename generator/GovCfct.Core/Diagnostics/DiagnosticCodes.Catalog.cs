namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of the control catalog loader (templates/), GCF1200-1399; documented in docs/diagnostics/catalog.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The catalog folder does not exist.</summary>
    public static readonly DiagnosticDescriptor CatalogFolderMissing = new(
        "GCF1201",
        Severity.Error,
        DiagnosticPage.Catalog,
        "The catalog folder does not exist.",
        "Run from the repository root or pass `--templates DIR`.");

    /// <summary>A control folder has no control.yaml.</summary>
    public static readonly DiagnosticDescriptor ControlFileMissing = new(
        "GCF1202",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A folder under `templates/` has no `control.yaml` (only `schema/` is reserved).",
        "Add `control.yaml` or remove the folder.");

    /// <summary>control.yaml is not well-formed YAML.</summary>
    public static readonly DiagnosticDescriptor CatalogYamlSyntax = new(
        "GCF1203",
        Severity.Error,
        DiagnosticPage.Catalog,
        "`control.yaml` is not well-formed YAML (unclosed `[`/`{`, bad indentation...).",
        "Fix the YAML at the position shown; quote values that contain `:` or `,`.");

    /// <summary>control.yaml has a key the catalog does not know (typos would otherwise be ignored).</summary>
    public static readonly DiagnosticDescriptor CatalogUnknownKey = new(
        "GCF1204",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A key the catalog does not know (a typo such as `titel`). Unknown keys are errors so a typo never silently drops a setting.",
        "Use one of the keys listed in the hint (see [catalog.md](../catalog.md)).");

    /// <summary>A key appears twice in one mapping.</summary>
    public static readonly DiagnosticDescriptor CatalogDuplicateKey = new(
        "GCF1205",
        Severity.Error,
        DiagnosticPage.Catalog,
        "The same key appears twice in one mapping.",
        "Keep one of the two entries.");

    /// <summary>A required key is missing.</summary>
    public static readonly DiagnosticDescriptor CatalogMissingKey = new(
        "GCF1206",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A required key is missing (`id`, `kind`, `title`, `description`, `seed`, `title.ja`/`en`, a parameter's `name`/`type`/`description`).",
        "Add the key.");

    /// <summary>A value has the wrong shape or is not one of the allowed values.</summary>
    public static readonly DiagnosticDescriptor CatalogInvalidValue = new(
        "GCF1207",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A value has the wrong shape or is not one of the allowed words (`kind` not `scp`/`rcp`/`stack_set`, `source` not `scriban`/`cdk`, a region that is not a region name, a list where text is expected).",
        "Use one of the values in the hint.");

    /// <summary>The control's <c>id</c> differs from its folder name.</summary>
    public static readonly DiagnosticDescriptor ControlIdMismatch = new(
        "GCF1208",
        Severity.Error,
        DiagnosticPage.Catalog,
        "`id` differs from the folder name. The id is how the definition names the control, and the folder is where the loader finds it.",
        "Make `id` equal the folder name.");

    /// <summary>The file named by <c>template</c> does not exist in the control's folder.</summary>
    public static readonly DiagnosticDescriptor TemplateFileMissing = new(
        "GCF1209",
        Severity.Error,
        DiagnosticPage.Catalog,
        "The file named by `template` is not beside `control.yaml`.",
        "Fix the name or add the file; sub-paths are not allowed.");

    /// <summary>Two parameters of one control have the same name.</summary>
    public static readonly DiagnosticDescriptor DuplicateParameter = new(
        "GCF1210",
        Severity.Error,
        DiagnosticPage.Catalog,
        "Two parameters of the control have the same name.",
        "Remove or rename one.");

    /// <summary>A parameter default does not match the parameter's type, pattern or allowed values.</summary>
    public static readonly DiagnosticDescriptor ParameterDefaultInvalid = new(
        "GCF1211",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A parameter's `default` does not fit its `type` (`boolean` takes `true`/`false`, `number`, `email`, `arn`, `list` takes a YAML list), its `pattern` or its `allowed_values`.",
        "Fix the default, or drop it to make the parameter required.");

    /// <summary>A control id or parameter name has characters CfCT or CloudFormation reject.</summary>
    public static readonly DiagnosticDescriptor CatalogInvalidName = new(
        "GCF1212",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A control id is not lower-case letters, digits and `-`, or a parameter name is not letters and digits (parameter names become CloudFormation parameter names).",
        "Rename, e.g. `deny-regions`, `NotificationEmail`.");

    /// <summary>The keys required by the control's source are missing or contradict it (template vs cdk_construct).</summary>
    public static readonly DiagnosticDescriptor ControlSourceMismatch = new(
        "GCF1213",
        Severity.Error,
        DiagnosticPage.Catalog,
        "The keys do not match `source`: a Scriban control needs `template`; a CDK control needs `cdk_construct` and no `template`; SCP/RCP controls cannot be CDK.",
        "Add or remove the key named in the message.");

    /// <summary><c>regions</c> is set on an SCP or RCP, which Organizations applies globally.</summary>
    public static readonly DiagnosticDescriptor RegionsNotAllowed = new(
        "GCF1214",
        Severity.Error,
        DiagnosticPage.Catalog,
        "`regions` on an SCP or RCP. Organizations applies policies in every region.",
        "Remove `regions`.");

    /// <summary>A parameter's <c>pattern</c> is not a valid regular expression.</summary>
    public static readonly DiagnosticDescriptor ParameterPatternInvalid = new(
        "GCF1215",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A parameter's `pattern` is not a valid .NET regular expression.",
        "Fix the expression; it is matched against the whole value.");

    /// <summary>The catalog folder holds no control at all.</summary>
    public static readonly DiagnosticDescriptor CatalogEmpty = new(
        "GCF1216",
        Severity.Error,
        DiagnosticPage.Catalog,
        "The catalog folder holds no control.",
        "Add a control folder (see [catalog.md](../catalog.md)).");

    /// <summary>A control of the local catalog has the id of a different control in the catalog the tool carries.</summary>
    public static readonly DiagnosticDescriptor ControlShadowsCarried = new(
        "GCF1217",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A control folder of your `templates/` has the id of a control in the catalog GovCfct carries, with different content. Replacing a carried control silently would change what every other organization's review of that control means.",
        "Give your control its own id (e.g. `myorg-deny-regions`), or delete your copy to use the carried one.");

    /// <summary>A <c>ct_control</c> entry lacks its Control Catalog identifier, name or behaviour, or carries keys only templates have.</summary>
    public static readonly DiagnosticDescriptor CtControlSpecInvalid = new(
        "GCF1280",
        Severity.Error,
        DiagnosticPage.Catalog,
        "A `kind: ct_control` entry lacks `control_tower` (identifier, name, behavior), gives an identifier that is not a Control Catalog global id, names a `platform_exemptions` parameter that is not a list parameter, or carries `template`, `source`, `cdk_construct` or `regions`, which only CfCT-deployed controls have; or `control_tower` appears on another kind.",
        "Write the id part of `arn:aws:controlcatalog:::control/<id>` (docs/facts/landing-zone.md §1.3) and remove the template keys.");
}
