using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Publishing;

/// <summary>What a publish checks before it touches its destination.</summary>
/// <param name="PackageDirectory">The built package folder.</param>
/// <param name="DisplayPath">How diagnostics name it.</param>
public sealed record PublishPreflightOptions(string PackageDirectory, string DisplayPath)
{
    /// <summary>The definition the package was built from: its settings (governed regions, policy limits, protected principals) apply as in <c>validate</c>.</summary>
    public GovernanceDefinition? Definition { get; init; }

    /// <summary>Run cfn-lint as <c>validate</c> does (on by default, as there).</summary>
    public bool RunCfnLint { get; init; } = true;

    /// <summary>The linter <see cref="RunCfnLint"/> runs (see <see cref="PackageValidationOptions.CfnLinter"/>).</summary>
    public ICfnLinter? CfnLinter { get; init; }

    /// <summary>Accept remote resource and parameter files (see <see cref="PackageValidationOptions.AllowRemoteFiles"/>).</summary>
    public bool AllowRemoteFiles { get; init; }
}

/// <summary>
/// Both publish routes start here: the package is checked by the same validator as <c>govcfct validate</c>, and any
/// error refuses the publish before a single AWS call, so the destination is never touched by a package CfCT's
/// pipeline would fail on (or, worse, apply half of). Then the published content is read and selected in one place.
/// </summary>
public static class PublishPreflight
{
    /// <summary>The content to publish, or null with the validation errors and GCF4221 in <paramref name="diagnostics"/>.</summary>
    public static PublishContent? Run(PublishPreflightOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var validation = new PackageValidationOptions(options.PackageDirectory) { RunCfnLint = options.RunCfnLint, CfnLinter = options.CfnLinter, AllowRemoteFiles = options.AllowRemoteFiles };
        if (options.Definition is { } definition)
        {
            validation = validation with { Definition = definition, Settings = GovernanceSettings.From(definition) };
        }

        // One read: the files validated are the files published.
        var package = PackageFolder.Read(options.PackageDirectory, options.DisplayPath, diagnostics);
        if (package is null)
        {
            Refuse(options, diagnostics, diagnostics.Items.Count(d => d.IsError));
            return null;
        }

        var result = new PackageValidator().Validate(validation, package);
        diagnostics.AddRange(result.Diagnostics);
        if (result.HasErrors || CfctPackage.Read(package, diagnostics) is null)
        {
            Refuse(options, diagnostics, diagnostics.Items.Count(d => d.IsError));
            return null;
        }

        return PublishedContent.Select(package.Files);
    }

    private static void Refuse(PublishPreflightOptions options, DiagnosticBag diagnostics, int errors) =>
        diagnostics.Report(
            DiagnosticCodes.PublishValidationFailed,
            $"publish refused: the package has {errors} validation error(s); nothing was uploaded or committed",
            new SourceLocation(options.DisplayPath),
            "fix the errors above (`govcfct validate` shows the same), build and publish again");
}
