using System.Collections.Immutable;

namespace GovCfct.Core.Validation;

/// <summary>
/// cfn-lint behind a seam: Core hands over the templates as data and reads the findings back as data; the adapter that
/// starts the process (<c>CfnLintProcess</c>, which keeps the package from configuring cfn-lint and keeps AWS credentials
/// away from it) lives in GovCfct.Pipeline, beside the git reader.
/// </summary>
public interface ICfnLinter
{
    /// <summary>One run over every template of <paramref name="request"/>; never throws for a missing or failing cfn-lint.</summary>
    CfnLintRun Lint(CfnLintRequest request);
}

/// <summary>What one cfn-lint run checks.</summary>
/// <param name="Templates">The templates to lint, by package-relative path (forward slashes), with their bytes.</param>
/// <param name="Regions">The regions the templates are deployed to (empty: cfn-lint's default).</param>
/// <param name="IncludeInformational">Ask for cfn-lint's informational (I) rules too, which it leaves out unless asked.</param>
public sealed record CfnLintRequest(ImmutableSortedDictionary<string, ImmutableArray<byte>> Templates, ImmutableArray<string> Regions, bool IncludeInformational);

/// <summary>How a cfn-lint run ended.</summary>
public enum CfnLintOutcome
{
    /// <summary>cfn-lint ran to its end; its output and exit code are in the run.</summary>
    Finished,

    /// <summary>No cfn-lint executable was found; <see cref="CfnLintRun.Detail"/> says where it was looked for.</summary>
    NotFound,

    /// <summary>cfn-lint could not be started or did not finish in time; <see cref="CfnLintRun.Detail"/> says why.</summary>
    Failed,
}

/// <summary>The result of one cfn-lint run: its outcome, and for a finished run its output (JSON findings) and exit code.</summary>
public sealed record CfnLintRun(CfnLintOutcome Outcome, string Detail, string Output, string Errors, int ExitCode)
{
    /// <summary>cfn-lint finished with <paramref name="exitCode"/>, writing <paramref name="output"/> and <paramref name="errors"/>.</summary>
    public static CfnLintRun Finished(int exitCode, string output, string errors) => new(CfnLintOutcome.Finished, string.Empty, output, errors, exitCode);

    /// <summary>No executable <paramref name="where"/> (for example "on PATH" or "at /opt/cfn-lint").</summary>
    public static CfnLintRun NotFound(string where) => new(CfnLintOutcome.NotFound, where, string.Empty, string.Empty, 0);

    /// <summary>cfn-lint did not run to its end, for the reason <paramref name="why"/> (a sentence naming what happened).</summary>
    public static CfnLintRun Failed(string why) => new(CfnLintOutcome.Failed, why, string.Empty, string.Empty, 0);
}
