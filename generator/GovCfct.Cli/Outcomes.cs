using GovCfct.Core.Diagnostics;
using GovCfct.Pipeline.UseCases;

namespace GovCfct.Cli;

/// <summary>The one place a use case's outcome becomes the process's exit code.</summary>
internal static class Outcomes
{
    public static int ExitCode(UseCaseOutcome outcome) => outcome switch
    {
        UseCaseOutcome.Ok => ExitCodes.Ok,
        UseCaseOutcome.Failed => ExitCodes.ValidationFailed,
        UseCaseOutcome.Usage => ExitCodes.Usage,
        UseCaseOutcome.AwsFailure => ExitCodes.AwsFailure,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "an outcome without an exit code"),
    };
}
