namespace GovCfct.Core.Diagnostics;

/// <summary>CDK synthesis codes (GCF5000-5199), documented in docs/diagnostics/cdk.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A control's <c>cdk_construct</c> names no CDK control class that GovCfct knows.</summary>
    public const string CdkConstructNotFound = "GCF5000";

    /// <summary>A control with <c>source: cdk</c> has no <c>cdk_construct</c>.</summary>
    public const string CdkConstructMissing = "GCF5001";

    /// <summary>A construct introduced a file or container asset; CfCT deploys plain templates only.</summary>
    public const string CdkAssetNotAllowed = "GCF5002";

    /// <summary>The same CDK control was requested twice with different inputs in one build.</summary>
    public const string CdkConflictingRequests = "GCF5003";

    /// <summary>Synthesis failed inside the CDK (construct error, node/jsii failure).</summary>
    public const string CdkSynthesisFailed = "GCF5004";

    /// <summary>A construct asked for a parameter the control's catalog entry does not declare.</summary>
    public const string CdkUnknownParameter = "GCF5005";

    /// <summary>The synthesized template still carries CDK metadata, a bootstrap rule or parameter.</summary>
    public const string CdkTemplateNotClean = "GCF5006";

    /// <summary>A catalog parameter is not exposed as a CloudFormation parameter by the construct.</summary>
    public const string CdkParameterNotExposed = "GCF5007";

    /// <summary>The synthesis cache could not be read or written; synthesis continues without it.</summary>
    public const string CdkCacheUnavailable = "GCF5008";
}
