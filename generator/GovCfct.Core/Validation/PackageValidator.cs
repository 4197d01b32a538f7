using GovCfct.Core.Diagnostics;
using GovCfct.Core.Validation.Rules;

namespace GovCfct.Core.Validation;

/// <summary>
/// Judges a CfCT package (ours or hand-written) the way CfCT's pipeline and AWS will: reads manifest.yaml, then
/// runs every rule; none stops the others, so one run reports every problem.
/// </summary>
public sealed class PackageValidator
{
    /// <summary>Every rule, in the order their findings are easiest to read (schema first, cfn-lint last).</summary>
    public static IReadOnlyList<IValidationRule> Rules { get; } =
    [
        new NameRule(),
        new FileRule(),
        new FileLineRule(),
        new TemplateRule(),
        new ParameterRule(),
        new TargetRule(),
        new RegionRule(),
        new PolicyRule(),
        new SlotBudgetRule(),
        new HazardRule(),
        new LandingZoneRule(),
        new CfnLintRule(),
    ];

    /// <summary>Codes reported outside the rules: reading the manifest, the snapshot and the previous package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> ReaderCodes { get; } =
    [
        DiagnosticCodes.ManifestMissing, DiagnosticCodes.ManifestYamlSyntax, DiagnosticCodes.ManifestUnknownKey,
        DiagnosticCodes.ManifestWrongType, DiagnosticCodes.ManifestVersionInvalid, DiagnosticCodes.ManifestDeployMethodInvalid,
        DiagnosticCodes.ManifestRequiredKeyMissing, DiagnosticCodes.ManifestVersionLegacy, DiagnosticCodes.PreviousPackageInvalid,
    ];

    public PackageValidationResult Validate(PackageValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new DiagnosticBag();

        // A folder, its custom-control-tower-configuration/ child, or CfCT's S3 source zip (extracted for the run).
        using var input = PackageInput.Open(options.PackageDirectory, diagnostics);
        if (input is null)
        {
            return new PackageValidationResult(diagnostics.Sorted());
        }

        options = options with { PackageDirectory = input.Directory };
        var manifestPath = Path.Combine(options.PackageDirectory, "manifest.yaml");

        var manifest = ManifestReader.Read(manifestPath, "manifest.yaml", diagnostics);
        ManifestReadResult? previous = null;
        if (options.PreviousPackageDirectory is { } previousDir)
        {
            var previousManifest = Path.Combine(previousDir, "manifest.yaml");
            var previousDiagnostics = new DiagnosticBag();
            previous = File.Exists(previousManifest) ? ManifestReader.Read(previousManifest, "previous/manifest.yaml", previousDiagnostics) : null;
            if (previous?.Manifest is null)
            {
                diagnostics.Report(DiagnosticCodes.PreviousPackageInvalid, "the previous package has no readable manifest.yaml; removal hazards were not checked", new SourceLocation("previous/manifest.yaml"), "pass the folder of the last published package");
            }
        }

        var context = new PackageContext(options, manifest, previous);
        foreach (var rule in Rules)
        {
            rule.Check(context, diagnostics);
        }

        return new PackageValidationResult(diagnostics.Sorted());
    }
}
