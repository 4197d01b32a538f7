using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
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
        new StackSetCollisionRule(),
        new LandingZoneRule(),
        new CfnNagRule(),
        new CfnLintRule(),
    ];

    /// <summary>Codes reported outside the rules: reading the manifest, the snapshot and the previous package.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> ReaderCodes { get; } =
    [
        DiagnosticCodes.ManifestMissing, DiagnosticCodes.ManifestYamlSyntax, DiagnosticCodes.ManifestUnknownKey,
        DiagnosticCodes.ManifestWrongType, DiagnosticCodes.ManifestVersionInvalid, DiagnosticCodes.ManifestDeployMethodInvalid,
        DiagnosticCodes.ManifestRequiredKeyMissing, DiagnosticCodes.ManifestVersionLegacy, DiagnosticCodes.PreviousPackageInvalid,
    ];

    /// <summary>Reads the package at <see cref="PackageValidationOptions.PackageDirectory"/> (folder or zip) and validates it.</summary>
    public PackageValidationResult Validate(PackageValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new DiagnosticBag();

        // A folder, its custom-control-tower-configuration/ child, or CfCT's S3 source zip: the one package reader.
        var package = PackageFolder.Read(options.PackageDirectory, Path.GetFileName(Path.TrimEndingDirectorySeparator(options.PackageDirectory)), diagnostics);
        return package is null ? new PackageValidationResult(diagnostics.Sorted()) : Validate(options, package, diagnostics);
    }

    /// <summary>Validates a package already read (publish validates exactly the files it then sends).</summary>
    public PackageValidationResult Validate(PackageValidationOptions options, PackageFiles package) =>
        Validate(options, package, new DiagnosticBag());

    /// <summary>
    /// The rules of a package that need no other input than the package and the definition's settings and that find what
    /// only a real landing zone refuses (LandingZoneRule: GCF2900-2903), run by the build pipeline on the package it
    /// built, so that <c>build</c> and <c>validate DEFINITION</c> fail where <c>validate PACKAGE</c> and <c>publish</c>
    /// would. Errors only: the warnings stay with <c>validate</c>. Files are named as in the written package
    /// (<paramref name="displayRoot"/>/manifest.yaml).
    /// </summary>
    public static IReadOnlyList<Diagnostic> CheckBuilt(CfctPackage package, GovernanceSettings settings, string displayRoot)
    {
        ArgumentNullException.ThrowIfNull(package);
        var diagnostics = new DiagnosticBag();
        var files = new PackageFiles(package.Files, displayRoot, null);
        var manifest = ManifestReader.Read(files, files.Display(CfctPackage.ManifestFileName), diagnostics);
        var context = new PackageContext(new PackageValidationOptions(displayRoot) { Settings = settings, RunCfnLint = false, CfnNagVersion = null }, files, manifest, null);
        new LandingZoneRule().Check(context, diagnostics);
        return [.. diagnostics.Sorted().Where(d => d.IsError)];
    }

    /// <summary>
    /// <c>validate DEFINITION --previous DIR</c>: the stack sets a rebuild renames away and the ones that take over their
    /// targets with the same names (GCF2092), judged on the package the definition builds, as <c>validate PACKAGE</c> does.
    /// </summary>
    public static IReadOnlyList<Diagnostic> CheckRenames(CfctPackage package, string previousDirectory, string displayRoot)
    {
        ArgumentNullException.ThrowIfNull(package);
        var diagnostics = new DiagnosticBag();
        var files = new PackageFiles(package.Files, displayRoot, null);
        var manifest = ManifestReader.Read(files, files.Display(CfctPackage.ManifestFileName), new DiagnosticBag());
        var previousPackage = PackageFolder.Read(previousDirectory, "previous", new DiagnosticBag());
        var previous = previousPackage is null ? null : ManifestReader.Read(previousPackage, "previous/manifest.yaml", new DiagnosticBag());
        if (previous?.Manifest is null)
        {
            diagnostics.Report(DiagnosticCodes.PreviousPackageInvalid, "the previous package has no readable manifest.yaml; renamed stack sets were not checked", new SourceLocation("previous/manifest.yaml"), "pass the folder of the last published package");
            return diagnostics.Sorted();
        }

        var context = new PackageContext(new PackageValidationOptions(displayRoot) { RunCfnLint = false, CfnNagVersion = null }, files, manifest, previous) { PreviousFiles = previousPackage };
        new StackSetCollisionRule().Check(context, diagnostics);
        return diagnostics.Sorted();
    }

    private static PackageValidationResult Validate(PackageValidationOptions options, PackageFiles package, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(package);

        // Rules name files relative to the package (manifest.yaml, templates/x.template), as CfCT's logs do.
        var manifest = ManifestReader.Read(package, CfctPackage.ManifestFileName, diagnostics);
        ManifestReadResult? previous = null;
        PackageFiles? previousPackage = null;
        if (options.PreviousPackageDirectory is { } previousDir)
        {
            previousPackage = PackageFolder.Read(previousDir, "previous", new DiagnosticBag());
            previous = previousPackage is null ? null : ManifestReader.Read(previousPackage, "previous/manifest.yaml", new DiagnosticBag());
            if (previous?.Manifest is null)
            {
                diagnostics.Report(DiagnosticCodes.PreviousPackageInvalid, "the previous package has no readable manifest.yaml; removal hazards were not checked", new SourceLocation("previous/manifest.yaml"), "pass the folder of the last published package");
            }
        }

        var context = new PackageContext(options, package, manifest, previous) { PreviousFiles = previousPackage };
        foreach (var rule in Rules)
        {
            rule.Check(context, diagnostics);
        }

        return new PackageValidationResult(diagnostics.Sorted());
    }
}
