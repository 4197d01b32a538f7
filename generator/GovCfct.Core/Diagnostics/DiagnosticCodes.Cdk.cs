namespace GovCfct.Core.Diagnostics;

/// <summary>CDK synthesis codes (GCF5000-5199), documented in docs/diagnostics/cdk.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A control's <c>cdk_construct</c> names no CDK control class that GovCfct knows.</summary>
    public static readonly DiagnosticDescriptor CdkConstructNotFound = new(
        "GCF5000",
        Severity.Error,
        DiagnosticPage.Cdk,
        "`cdk_construct` names no class GovCfct knows: no non-abstract `CdkControlStack` subclass has that simple name, two classes share it, or the class lacks the constructor `(Construct scope, string id, CdkControlInput input)`. The message lists the known class names.",
        "Fix the class name in `control.yaml`, or add the class under `generator/GovCfct.Cdk/Controls/` with that constructor.");

    /// <summary>A control with <c>source: cdk</c> has no <c>cdk_construct</c>.</summary>
    public static readonly DiagnosticDescriptor CdkConstructMissing = new(
        "GCF5001",
        Severity.Error,
        DiagnosticPage.Cdk,
        "The control says `source: cdk` but has no `cdk_construct`.",
        "Add `cdk_construct: <ClassName>`.");

    /// <summary>A construct introduced a file or container asset; CfCT deploys plain templates only.</summary>
    public static readonly DiagnosticDescriptor CdkAssetNotAllowed = new(
        "GCF5002",
        Severity.Error,
        DiagnosticPage.Cdk,
        "The construct introduces a file or container asset (Lambda code from a folder, `BucketDeployment`, Docker image...). CfCT deploys one self-contained template per stack set and there is no CDK bootstrap bucket in the target accounts.",
        "Use inline resources instead: Step Functions SDK integrations, EventBridge targets, `InlineCode` is also an asset-free option for very small functions.");

    /// <summary>The same CDK control was requested twice with different inputs in one build.</summary>
    public static readonly DiagnosticDescriptor CdkConflictingRequests = new(
        "GCF5003",
        Severity.Error,
        DiagnosticPage.Cdk,
        "The same CDK control was requested twice in one build with equal parameter values but different organization settings (home region, governed regions, prefix), so one request key would need two templates.",
        "Build one organization per run.");

    /// <summary>Synthesis failed inside the CDK (construct error, node/jsii failure).</summary>
    public static readonly DiagnosticDescriptor CdkSynthesisFailed = new(
        "GCF5004",
        Severity.Error,
        DiagnosticPage.Cdk,
        "Synthesis failed inside the construct or the CDK (an exception, a CDK validation error, node/jsii not starting). The message carries the first line of the error.",
        "Fix the construct. jsii needs `node` (v18 or later) on `PATH`.");

    /// <summary>A construct asked for a parameter the control's catalog entry does not declare.</summary>
    public static readonly DiagnosticDescriptor CdkUnknownParameter = new(
        "GCF5005",
        Severity.Error,
        DiagnosticPage.Cdk,
        "The construct asked for a parameter its `control.yaml` does not declare, or asked for a list parameter as a CloudFormation parameter.",
        "Declare the parameter in `control.yaml` (same name), or read lists with `ListValue(name)`.");

    /// <summary>The synthesized template still carries CDK metadata, a bootstrap rule or parameter.</summary>
    public static readonly DiagnosticDescriptor CdkTemplateNotClean = new(
        "GCF5006",
        Severity.Error,
        DiagnosticPage.Cdk,
        "The synthesized template still contains CDK-only content (`AWS::CDK::Metadata`, a `BootstrapVersion` parameter or rule, asset parameters, `aws:cdk:` metadata).",
        "Do not use constructs that need the CDK bootstrap stack; keep the stack on `CdkControlStack`'s synthesizer.");

    /// <summary>A catalog parameter is not exposed as a CloudFormation parameter by the construct.</summary>
    public static readonly DiagnosticDescriptor CdkParameterNotExposed = new(
        "GCF5007",
        Severity.Error,
        DiagnosticPage.Cdk,
        "A scalar parameter declared in `control.yaml` is not a CloudFormation parameter of the template, so the manifest would pass a value the stack set rejects.",
        "Call `Parameter(\"<name>\")` in the construct, or remove the parameter from `control.yaml`.");

    /// <summary>The synthesis cache could not be read or written; synthesis continues without it.</summary>
    public static readonly DiagnosticDescriptor CdkCacheUnavailable = new(
        "GCF5008",
        Severity.Warning,
        DiagnosticPage.Cdk,
        "The synthesis cache (the user's cache folder, `~/.cache/govcfct/cdk/`, or `$GOVCFCT_CACHE_DIR`) could not be read or written, or an entry does not verify against the user's cache key (`cache.key` beside it); the build goes on without it (and starts node).",
        "Check the folder's permissions, or delete it; an entry that does not verify was written by something other than this user's GovCfct.");
}
