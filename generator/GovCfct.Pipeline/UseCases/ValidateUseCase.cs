using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Validation;

namespace GovCfct.Pipeline.UseCases;

/// <summary>What <c>govcfct validate</c> judges: a governance definition (built as a dry run) or a CfCT package.</summary>
public enum ValidateTarget
{
    /// <summary>Nothing was judged (a usage error stopped the run first).</summary>
    None,

    Definition,

    Package,
}

/// <summary>
/// One <c>govcfct validate</c> run: the input (a package folder, CfCT's S3 source zip or a definition folder), the
/// definition a package was built from, the organization snapshot, the previous package and the settings given on the
/// command line (through <see cref="GovernanceSettings.WithOverrides"/>, the one override path).
/// </summary>
public sealed record ValidateRequest(string Input, DirectoryInfo Templates)
{
    /// <summary><c>--definition</c>: the definition a package was built from; its settings and OU tree apply.</summary>
    public DirectoryInfo? Definition { get; init; }

    /// <summary><c>--org</c>: an organization snapshot file.</summary>
    public FileInfo? Organization { get; init; }

    /// <summary><c>--previous</c>: the previously published package folder.</summary>
    public DirectoryInfo? Previous { get; init; }

    public SettingsOverrides Overrides { get; init; } = new();

    public bool RunCfnLint { get; init; } = true;

    public LintMode Lint { get; init; } = LintMode.Default;

    /// <summary>The cfn_nag release whose rules run; null = off.</summary>
    public string? CfnNagVersion { get; init; } = Core.Validation.CfnNag.CfnNagScanner.PinnedVersion;

    public bool AllowRemoteFiles { get; init; }

    /// <summary>Why <see cref="Templates"/> cannot be read (the command line's folder check), reported only when a definition is built.</summary>
    public Diagnostic? TemplatesProblem { get; init; }
}

/// <summary>The diagnostics of a validate run (sorted, the package rules' own after the run's), what was judged and the outcome.</summary>
public sealed record ValidateResult(UseCaseOutcome Outcome, ImmutableArray<Diagnostic> Diagnostics, ValidateTarget Target);

/// <summary>
/// <c>govcfct validate</c>: a definition goes through the build pipeline as a dry run (shipped placeholders refused) and,
/// with an organization snapshot, the org lock and quota checks; a package goes through the package rules with the
/// settings of its definition (or <see cref="GovernanceSettings.Unknown"/>) and the command line's overrides.
/// </summary>
public sealed class ValidateUseCase(BuildPipeline pipeline)
{
    private const string Verb = "validate";

    public ValidateResult Run(ValidateRequest request, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (request.Overrides.MaxPolicySize is <= 0 || request.Overrides.ScpSlots is <= 0)
        {
            return Usage(UseCase.Usage(Verb, "--scp-max-size and --scp-slots must be positive"));
        }

        var input = request.Input;
        if (!Directory.Exists(input) && !File.Exists(input))
        {
            return Usage(UseCase.Usage(Verb, $"'{input}' does not exist", "pass a package folder, CfCT's S3 source zip or a definition folder"));
        }

        return DefinitionFolder(input) is { } definition ? ValidateDefinition(request, definition, diagnostics) : ValidatePackage(request, diagnostics);
    }

    /// <summary>
    /// The definition folder <paramref name="input"/> names, or null when it is a package: a folder holding no package and
    /// organization.yaml is a definition; one holding no package and <c>manifest/organization.yaml</c> is a governance
    /// repository (as <c>govcfct init</c> writes it), whose definition is <c>manifest/</c> — so <c>govcfct validate</c>
    /// with no argument, run in the repository, validates its definition.
    /// </summary>
    public static DirectoryInfo? DefinitionFolder(string input)
    {
        var folder = new DirectoryInfo(input);
        if (!folder.Exists || PackageFolder.FindManifestFolder(folder.FullName) is not null)
        {
            return null;
        }

        if (File.Exists(Path.Combine(folder.FullName, "organization.yaml")))
        {
            return folder;
        }

        var manifest = new DirectoryInfo(Path.Combine(folder.FullName, "manifest"));
        return File.Exists(Path.Combine(manifest.FullName, "organization.yaml")) ? manifest : null;
    }

    // A governance definition: the build pipeline's own checks (loader, catalog, resolution, rendering, policies), as a
    // dry run that writes nothing.
    private ValidateResult ValidateDefinition(ValidateRequest request, DirectoryInfo folder, DiagnosticBag diagnostics)
    {
        if (request.TemplatesProblem is { } missing)
        {
            return Usage(missing with { Hint = missing.Hint ?? $"see govcfct {Verb} --help" });
        }

        var buildOptions = new BuildRunOptions(folder.FullName, request.Templates.FullName, Path.Combine(Path.GetTempPath(), "govcfct-validate-unused"), DryRun: true) { RefuseShippedPlaceholders = true };
        var run = pipeline.Run(buildOptions, diagnostics);
        if (run.Definition is not null && request.Organization is { } orgFile)
        {
            // The org lock gave the Control Tower controls their OU ids: it must still match the organization, and the
            // organization and the package must stay within the quotas of limits:.
            var read = OrgSnapshotSerializer.ReadFile(orgFile.FullName, orgFile.Name);
            diagnostics.AddRange(read.Diagnostics);
            if (read.Snapshot is { } snapshot)
            {
                BuildPipeline.CheckOrganization(run.Definition, run.Package, snapshot, diagnostics, orgFile.ToString());
            }
        }

        if (run.Package is { } builtPackage && request.Previous is { } previousDir)
        {
            // Stack sets the rebuild renames away while another takes over their targets with the same names.
            diagnostics.AddRange(PackageValidator.CheckRenames(builtPackage, previousDir.FullName, "out"));
        }

        return Done([.. diagnostics.Sorted()], ValidateTarget.Definition);
    }

    private ValidateResult ValidatePackage(ValidateRequest request, DiagnosticBag diagnostics)
    {
        GovernanceDefinition? loaded = null;
        if (request.Definition is { } definitionDir)
        {
            if (!File.Exists(Path.Combine(definitionDir.FullName, "organization.yaml")))
            {
                return Usage(UseCase.Usage(Verb, $"--definition: folder '{definitionDir}' has no organization.yaml", "pass the governance definition folder (manifest/)"));
            }

            loaded = pipeline.LoadDefinition(definitionDir.FullName, diagnostics);
            if (loaded is null || diagnostics.HasErrors)
            {
                return Done([.. diagnostics.Sorted()], ValidateTarget.Package);
            }

            // The definition the package was built from must be the organization's own, not the shipped example.
            ShippedPlaceholders.Check(loaded, refuse: true, diagnostics);
        }

        var settings = (loaded is null ? GovernanceSettings.Unknown : GovernanceSettings.From(loaded)).WithOverrides(request.Overrides);
        var options = new PackageValidationOptions(Path.GetFullPath(request.Input))
        {
            RunCfnLint = request.RunCfnLint,
            CfnLinter = pipeline.CfnLinter,
            AllowRemoteFiles = request.AllowRemoteFiles,
            Lint = request.Lint,
            CfnNagVersion = request.CfnNagVersion,
            PreviousPackageDirectory = request.Previous?.FullName,
            Definition = loaded,
            Settings = settings,
        };

        var files = PackageFolder.Read(options.PackageDirectory, Path.GetFileName(Path.TrimEndingDirectorySeparator(options.PackageDirectory)), diagnostics);
        if (files is null)
        {
            return Done([.. diagnostics.Sorted()], ValidateTarget.Package);
        }

        if (request.Organization is { } orgFile)
        {
            var read = OrgSnapshotSerializer.ReadFile(orgFile.FullName, orgFile.Name);
            diagnostics.AddRange(read.Diagnostics);
            if (!read.Success)
            {
                return Done([.. diagnostics.Sorted()], ValidateTarget.Package);
            }

            options = options with { Organization = read.Snapshot };

            // The quotas of limits: against the organization and this package (the same check plan makes).
            var quotas = new DiagnosticBag();
            if (CfctPackage.Read(files, quotas) is { } package)
            {
                BuildPipeline.CheckOrganization(loaded, package, read.Snapshot!, diagnostics, orgFile.ToString());
            }
        }

        var result = new PackageValidator().Validate(options, files);
        return Done([.. diagnostics.Sorted(), .. result.Diagnostics], ValidateTarget.Package);
    }

    private static ValidateResult Usage(Diagnostic diagnostic) => new(UseCaseOutcome.Usage, [diagnostic], ValidateTarget.None);

    private static ValidateResult Done(ImmutableArray<Diagnostic> diagnostics, ValidateTarget target) =>
        new(diagnostics.Any(d => d.IsError) ? UseCaseOutcome.Failed : UseCaseOutcome.Ok, diagnostics, target);
}
