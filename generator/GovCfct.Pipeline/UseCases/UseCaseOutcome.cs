using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Pipeline.UseCases;

/// <summary>
/// How a verb's run ended. The use cases decide it; the command line maps it to an exit code in one place
/// (the command line's <c>Outcomes</c>), so no command chooses an exit code of its own.
/// </summary>
public enum UseCaseOutcome
{
    /// <summary>The verb did its work; warnings allowed (exit 0).</summary>
    Ok,

    /// <summary>The inputs or the result hold errors, or the status is not covered (exit 1).</summary>
    Failed,

    /// <summary>The request itself is wrong: inputs missing or contradicting each other (exit 2).</summary>
    Usage,

    /// <summary>AWS refused or failed a call a live source made (exit 3).</summary>
    AwsFailure,
}

/// <summary>
/// Thrown by a live source adapter (the AWS readers the command line passes in) when AWS fails a call; the use case turns
/// it into <see cref="UseCaseOutcome.AwsFailure"/> with these diagnostics.
/// </summary>
public sealed class LiveSourceException : Exception
{
    public LiveSourceException()
        : this([])
    {
    }

    public LiveSourceException(string message)
        : this([new Diagnostic(DiagnosticCodes.AwsCallFailed, message)])
    {
    }

    public LiveSourceException(string message, Exception innerException)
        : base(message, innerException) => Diagnostics = [new Diagnostic(DiagnosticCodes.AwsCallFailed, message)];

    public LiveSourceException(IEnumerable<Diagnostic> diagnostics)
        : base("an AWS call failed") => Diagnostics = [.. diagnostics];

    public ImmutableArray<Diagnostic> Diagnostics { get; }
}

/// <summary>Shared by the use cases: a usage error in the verb's words, and the outcome of a bag.</summary>
internal static class UseCase
{
    public static Diagnostic Usage(string verb, string message, string? hint = null) =>
        new(DiagnosticCodes.UsageError, message, hint: hint ?? $"see govcfct {verb} --help");

    public static UseCaseOutcome OutcomeOf(DiagnosticBag diagnostics) => diagnostics.HasErrors ? UseCaseOutcome.Failed : UseCaseOutcome.Ok;
}
