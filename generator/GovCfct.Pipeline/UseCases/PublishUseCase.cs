using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Pipeline.UseCases;

/// <summary>What <c>govcfct publish</c> checks before it delivers: the built package and the definition it was built from.</summary>
public sealed record PublishRequest(DirectoryInfo Package)
{
    /// <summary>The definition the package was built from: its settings apply to the validation, as in <c>validate</c>.</summary>
    public DirectoryInfo? Definition { get; init; }

    public bool RunCfnLint { get; init; } = true;

    public bool AllowRemoteFiles { get; init; }
}

/// <summary>The content the preflight let through (null when refused), the delivery's answer, every diagnostic and the outcome.</summary>
public sealed record PublishResult<T>(UseCaseOutcome Outcome, PublishContent? Content, T? Delivered, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// <c>govcfct publish</c>: the preflight (the same validation as <c>govcfct validate</c>, with the definition's settings
/// and its shipped placeholders refused) and, only when it passes, the delivery the request's target makes (S3 upload,
/// CodeCommit pull request). The definition is read through the injected pipeline, the one every verb uses.
/// </summary>
public sealed class PublishUseCase(BuildPipeline pipeline)
{
    /// <summary>The preflight alone: the content to publish, or the refusal with its diagnostics.</summary>
    public PublishResult<PublishContent> Preflight(PublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var folder = request.Package;
        if (!folder.Exists || !File.Exists(Path.Combine(folder.FullName, "manifest.yaml")))
        {
            return Refused(UseCaseOutcome.Usage, [new Diagnostic(DiagnosticCodes.PublishPackageMissing, $"'{folder}' is not a built CfCT package (no manifest.yaml)", new SourceLocation(folder.ToString()), "run `govcfct build` first or point --package at its output")]);
        }

        var diagnostics = new DiagnosticBag();
        GovernanceDefinition? definition = null;
        if (request.Definition is { } definitionDir)
        {
            if (!definitionDir.Exists)
            {
                return Refused(UseCaseOutcome.Usage, [new Diagnostic(DiagnosticCodes.UsageError, $"--definition: folder '{definitionDir}' does not exist")]);
            }

            definition = pipeline.LoadDefinition(definitionDir.FullName, diagnostics);
            if (definition is not null)
            {
                // Never publish what the shipped example definition holds (the package's own values are GCF2085).
                ShippedPlaceholders.Check(definition, refuse: true, diagnostics);
            }

            if (definition is null || diagnostics.HasErrors)
            {
                return Refused(UseCaseOutcome.Failed, [.. diagnostics.Sorted()]);
            }
        }

        var content = PublishPreflight.Run(
            new PublishPreflightOptions(folder.FullName, folder.ToString()) { Definition = definition, RunCfnLint = request.RunCfnLint, CfnLinter = pipeline.CfnLinter, AllowRemoteFiles = request.AllowRemoteFiles },
            diagnostics);
        return content is null
            ? Refused(UseCaseOutcome.Failed, [.. diagnostics.Items])
            : new PublishResult<PublishContent>(UseCaseOutcome.Ok, content, content, [.. diagnostics.Items]);
    }

    /// <summary>The preflight, then <paramref name="deliver"/> with the content it let through; AWS's refusals end as <see cref="UseCaseOutcome.AwsFailure"/>.</summary>
    public async Task<PublishResult<T>> PublishAsync<T>(PublishRequest request, Func<PublishContent, CancellationToken, Task<T>> deliver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        var preflight = Preflight(request);
        if (preflight.Content is not { } content)
        {
            return new PublishResult<T>(preflight.Outcome, null, default, preflight.Diagnostics);
        }

        try
        {
            return new PublishResult<T>(UseCaseOutcome.Ok, content, await deliver(content, cancellationToken), preflight.Diagnostics);
        }
        catch (LiveSourceException ex)
        {
            return new PublishResult<T>(UseCaseOutcome.AwsFailure, content, default, [.. preflight.Diagnostics, .. ex.Diagnostics]);
        }
    }

    private static PublishResult<PublishContent> Refused(UseCaseOutcome outcome, ImmutableArray<Diagnostic> diagnostics) => new(outcome, null, null, diagnostics);
}
