using System.Net;

namespace GovCfct.Aws.Http;

/// <summary>
/// A failed AWS call after retries: the service's error code and message (JSON <c>__type</c>/<c>message</c>,
/// S3's XML error) or a local fault (<see cref="AwsErrorCodes"/>). Carries no request headers, so no
/// credential can leak through it.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string message, HttpStatusCode statusCode, string? requestId, int attempts = 1, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
        Attempts = attempts;
    }

    public string ErrorCode { get; }

    /// <summary>HTTP status; 0 when no response was received (connection fault, timeout, no credentials).</summary>
    public HttpStatusCode StatusCode { get; }

    public string? RequestId { get; }

    public int Attempts { get; }

    /// <summary>True for refusals of the caller's identity (missing IAM permission, SCP, expired token).</summary>
    public bool IsAccessDenied => AwsErrorCodes.IsAccessDenied(ErrorCode);

    public override string ToString() =>
        $"{nameof(AwsServiceException)}: {ErrorCode}: {Message} (HTTP {(int)StatusCode}, request id {RequestId ?? "none"}, {Attempts} attempt(s))";
}

/// <summary>Error codes GovCfct gives to faults that have no AWS error code, and the AWS codes it treats specially.</summary>
public static class AwsErrorCodes
{
    public const string ConnectionFailed = "ConnectionFailed";
    public const string RequestTimeout = "RequestTimeout";
    public const string CredentialsNotFound = "CredentialsNotFound";
    public const string RegionNotFound = "RegionNotFound";
    public const string InvalidResponse = "InvalidResponse";
    public const string SsoSessionInvalid = "SsoSessionInvalid";

    // Throttling codes used across AWS services (botocore's retry handler lists the same family).
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> Denied = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException",
        "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature", "ExpiredToken",
        "ExpiredTokenException", "InvalidSignatureException", "AuthFailure", "InvalidAccessKeyId",
    };

    public static bool IsThrottling(string code) => Throttling.Contains(code);

    public static bool IsAccessDenied(string code) => Denied.Contains(code);
}
