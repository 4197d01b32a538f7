namespace GovCfct.Core.Diagnostics;

/// <summary>
/// AWS access and publishing codes (GCF4000-4499), documented in docs/diagnostics/aws.md.
/// GCF4000-4099: AWS access and the S3 source; GCF4100-4499 are left for the CodeCommit/CodePipeline publisher.
/// </summary>
public static partial class DiagnosticCodes
{
    /// <summary>An AWS call failed with a service error that has no more specific code.</summary>
    public static readonly DiagnosticDescriptor AwsCallFailed = new(
        "GCF4001",
        Severity.Error,
        DiagnosticPage.Aws,
        "An AWS call failed with a service error (the AWS error code, message and request id are in the text), e.g. `AWSOrganizationsNotInUseException`, `NoSuchBucket`.",
        "Read the AWS error. Run again with `--verbose` to see each attempt. Check that you run in the management account (or the delegated administrator) and the right region.");

    /// <summary>No AWS credentials were found by the SDK's chain (or the named profile does not exist).</summary>
    public static readonly DiagnosticDescriptor AwsCredentialsNotFound = new(
        "GCF4002",
        Severity.Error,
        DiagnosticPage.Aws,
        "No AWS credentials: the SDK's chain (profile, SSO, environment, container or instance role) found none, or the `--profile` named does not exist.",
        "`aws sso login --profile P` and pass `--profile P`, or set `AWS_PROFILE`; in CodeBuild the project's service role is used.");

    /// <summary>No AWS region was given or configured.</summary>
    public static readonly DiagnosticDescriptor AwsRegionNotFound = new(
        "GCF4003",
        Severity.Error,
        DiagnosticPage.Aws,
        "No AWS region was given or configured.",
        "Pass `--region` (CfCT's home region, e.g. `ap-northeast-1`), set `AWS_REGION`, or give the profile a region.");

    /// <summary>AWS could not be reached (connection faults or timeouts on every attempt).</summary>
    public static readonly DiagnosticDescriptor AwsUnreachable = new(
        "GCF4004",
        Severity.Error,
        DiagnosticPage.Aws,
        "AWS could not be reached: every attempt ended in a connection fault or a timeout (bounded attempts and total time).",
        "Check network access to AWS (proxy, VPC endpoints, DNS) or the `--endpoint-url`.");

    /// <summary>AWS refused the caller's identity or permissions.</summary>
    public static readonly DiagnosticDescriptor AwsAccessDenied = new(
        "GCF4005",
        Severity.Error,
        DiagnosticPage.Aws,
        "AWS refused the identity or its permissions (`AccessDenied*`, `UnrecognizedClientException`, `InvalidSignatureException`, `ExpiredToken`...).",
        "Use credentials of the management (or delegated administrator) account that hold `docs/iam/publisher-policy.json` (build role) or `docs/iam/release-policy.json` (release role); refresh expired SSO sessions.");

    /// <summary>An IAM Identity Center (SSO) profile has no valid cached token: never signed in, or the session expired.</summary>
    public static readonly DiagnosticDescriptor AwsSsoSessionInvalid = new(
        "GCF4006",
        Severity.Error,
        DiagnosticPage.Aws,
        "The profile uses IAM Identity Center (SSO) and its cached token is missing or expired (and cannot be refreshed). The SDK's chain (with AWSSDK.SSO and AWSSDK.SSOOIDC) only reads and refreshes what `aws sso login` cached; GovCfct never opens a browser.",
        "`aws sso login --profile P` (the message names the profile), then run the command again.");

    /// <summary>An AWS answer is not the operation's output shape (not JSON, a required member missing, a wrong type).</summary>
    public static readonly DiagnosticDescriptor AwsInvalidResponse = new(
        "GCF4007",
        Severity.Error,
        DiagnosticPage.Aws,
        "An AWS answer was not the operation's output shape: not JSON, a required member missing, a member of the wrong type, or the same `NextToken` twice. Nothing was written.",
        "Check `--endpoint-url` and `AWS_ENDPOINT_URL*` (a proxy or a wrong endpoint answers differently); run again with `--verbose`; report it if it persists against AWS itself.");

    /// <summary>The S3 bucket name is not CfCT's <c>custom-control-tower-configuration-ACCOUNT-REGION</c>.</summary>
    public static readonly DiagnosticDescriptor PublishBucketNameUnexpected = new(
        "GCF4011",
        Severity.Warning,
        DiagnosticPage.Aws,
        "The S3 bucket is not named `custom-control-tower-configuration-<account>-<region>`; CfCT's pipeline only starts on uploads to that bucket. The expected bucket owner is taken from STS GetCallerIdentity instead of the name.",
        "Publish to the bucket CfCT's installation stack created in its home region.");
}
