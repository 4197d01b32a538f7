namespace GovCfct.Core.Diagnostics;

/// <summary>
/// AWS access and publishing codes (GCF4000-4499), documented in docs/diagnostics/aws.md.
/// GCF4000-4099: AWS access and the S3 source; GCF4100-4499 are left for the CodeCommit/CodePipeline publisher.
/// </summary>
public static partial class DiagnosticCodes
{
    /// <summary>An AWS call failed with a service error that has no more specific code.</summary>
    public const string AwsCallFailed = "GCF4001";

    /// <summary>No AWS credentials were found by the SDK's chain (or the named profile does not exist).</summary>
    public const string AwsCredentialsNotFound = "GCF4002";

    /// <summary>No AWS region was given or configured.</summary>
    public const string AwsRegionNotFound = "GCF4003";

    /// <summary>AWS could not be reached (connection faults or timeouts on every attempt).</summary>
    public const string AwsUnreachable = "GCF4004";

    /// <summary>AWS refused the caller's identity or permissions.</summary>
    public const string AwsAccessDenied = "GCF4005";

    /// <summary>An IAM Identity Center (SSO) profile has no valid cached token: never signed in, or the session expired.</summary>
    public const string AwsSsoSessionInvalid = "GCF4006";

    /// <summary>An AWS answer is not the operation's output shape (not JSON, a required member missing, a wrong type).</summary>
    public const string AwsInvalidResponse = "GCF4007";

    /// <summary>The package to publish is missing or has no manifest.yaml at its root.</summary>
    public const string PublishPackageInvalid = "GCF4010";

    /// <summary>The S3 bucket name is not CfCT's <c>custom-control-tower-configuration-ACCOUNT-REGION</c>.</summary>
    public const string PublishBucketNameUnexpected = "GCF4011";
}
