namespace GovCfct.Core.Diagnostics;

/// <summary>
/// A problem the user can fix (bad input, missing file, AWS refusal). The CLI prints its diagnostics
/// without a stack trace; anything else that escapes is an internal error.
/// </summary>
public sealed class UserException : Exception
{
    public UserException(Diagnostic diagnostic, int exitCode = ExitCodes.ValidationFailed)
        : base(diagnostic.Message)
    {
        Diagnostics = [diagnostic];
        ExitCode = exitCode;
    }

    public UserException(IReadOnlyList<Diagnostic> diagnostics, int exitCode = ExitCodes.ValidationFailed)
        : base(diagnostics.Count > 0 ? diagnostics[0].Message : "failed")
    {
        Diagnostics = diagnostics;
        ExitCode = exitCode;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public int ExitCode { get; }
}

/// <summary>The exit codes of every command (docs/exit-codes.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ValidationFailed = 1;
    public const int Usage = 2;
    public const int AwsFailure = 3;
    public const int Internal = 70;

    /// <summary>Interrupted by Ctrl-C (SIGINT): 128 + signal 2, as shells report it.</summary>
    public const int Interrupted = 130;
}
