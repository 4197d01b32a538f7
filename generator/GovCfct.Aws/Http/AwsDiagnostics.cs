using GovCfct.Core.Diagnostics;

namespace GovCfct.Aws.Http;

/// <summary>Turns a failed AWS call into a diagnostic that says what failed and what to check; never includes credentials.</summary>
public static class AwsDiagnostics
{
    /// <param name="exception">The failure.</param>
    /// <param name="action">What GovCfct was doing, e.g. "reading the organization".</param>
    public static Diagnostic FromException(AwsServiceException exception, string action)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var requestId = exception.RequestId is null ? string.Empty : $" (request id {exception.RequestId})";
        return exception.ErrorCode switch
        {
            AwsErrorCodes.CredentialsNotFound => new Diagnostic(DiagnosticCodes.AwsCredentialsNotFound, $"{action}: {exception.Message}", hint: "run 'aws sso login' or pass --profile; in CodeBuild the project's service role is used"),
            AwsErrorCodes.SsoSessionInvalid => new Diagnostic(DiagnosticCodes.AwsSsoSessionInvalid, $"{action}: {exception.Message}", hint: "sign in again with 'aws sso login' for the profile (IAM Identity Center sessions expire), then run the command again"),
            AwsErrorCodes.InvalidResponse => new Diagnostic(DiagnosticCodes.AwsInvalidResponse, $"{action}: {exception.Message}{requestId}", hint: "the answer did not match the API's shape: check --endpoint-url / AWS_ENDPOINT_URL* (a proxy or a wrong endpoint answers differently), then run again with --verbose"),
            AwsErrorCodes.RegionNotFound => new Diagnostic(DiagnosticCodes.AwsRegionNotFound, $"{action}: {exception.Message}", hint: "pass --region (CfCT's home region, e.g. ap-northeast-1)"),
            AwsErrorCodes.ConnectionFailed or AwsErrorCodes.RequestTimeout => new Diagnostic(DiagnosticCodes.AwsUnreachable, $"{action}: {exception.Message}", hint: "check network access to AWS (proxy, VPC endpoints) or the --endpoint-url"),
            _ when exception.IsAccessDenied => new Diagnostic(DiagnosticCodes.AwsAccessDenied, $"{action}: AWS refused the call: {exception.ErrorCode}: {exception.Message}{requestId}", hint: "run with credentials of the management (or delegated administrator) account: the build role holds docs/iam/publisher-policy.json, people releasing hold docs/iam/release-policy.json"),
            _ => new Diagnostic(DiagnosticCodes.AwsCallFailed, $"{action}: {exception.ErrorCode}: {exception.Message}{requestId}", hint: "the message names the call that failed and AWS's error; --verbose shows each attempt"),
        };
    }
}
