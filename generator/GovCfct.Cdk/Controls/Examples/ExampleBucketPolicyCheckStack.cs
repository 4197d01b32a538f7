using Amazon.CDK.AWS.Config;
using Constructs;

namespace GovCfct.Cdk.Controls.Examples;

/// <summary>
/// example-cdk-bucket-policy-check: the documented example of a platform team's own CDK control (docs/cdk.md).
/// Two AWS Config managed rules that flag buckets reachable without TLS or open to the public.
/// </summary>
public sealed class ExampleBucketPolicyCheckStack : CdkControlStack
{
    public ExampleBucketPolicyCheckStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var frequency = Parameter("MaximumExecutionFrequency").ValueAsString;
        _ = new CfnConfigRule(this, "SslRequestsOnly", new CfnConfigRuleProps
        {
            ConfigRuleName = $"{ResourcePrefix}-s3-bucket-ssl-requests-only",
            Description = "S3 bucket policies must deny requests without TLS",
            Source = new CfnConfigRule.SourceProperty { Owner = "AWS", SourceIdentifier = "S3_BUCKET_SSL_REQUESTS_ONLY" },
            Scope = new CfnConfigRule.ScopeProperty { ComplianceResourceTypes = ["AWS::S3::Bucket"] },
        });
        _ = new CfnConfigRule(this, "PublicAccessProhibited", new CfnConfigRuleProps
        {
            ConfigRuleName = $"{ResourcePrefix}-s3-bucket-level-public-access-prohibited",
            Description = "S3 buckets must block public access at bucket level",
            Source = new CfnConfigRule.SourceProperty { Owner = "AWS", SourceIdentifier = "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED" },
            MaximumExecutionFrequency = frequency,
        });
    }
}
