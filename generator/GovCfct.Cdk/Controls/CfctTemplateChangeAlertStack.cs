using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// cfct-template-change-alert (management account, home region): CfCT deploys whatever lands on its configuration
/// branch, so any update of that branch by someone other than the approved merge role is an alert. CodeCommit's
/// "Repository State Change" event carries the caller, not the changed files: every branch update outside the
/// approved path is reported, direct pushes and merges by other principals alike (docs/alerts.md).
/// </summary>
public sealed class CfctTemplateChangeAlertStack : CdkControlStack
{
    public CfctTemplateChangeAlertStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        // The management account's own event: forwarded to the central bus, where the one topic alerts.
        var alerts = Forwarder();
        var repository = Parameter("CfctRepositoryName").ValueAsString;
        var branch = Parameter("CfctBranchName").ValueAsString;
        var approvedRole = Parameter("ApprovedMergeRoleName").ValueAsString;

        alerts.Forward(this, "UnapprovedTemplateChangeRule", "The CfCT configuration branch changed other than through the approved merge role", new EventPattern
        {
            Source = ["aws.codecommit"],
            DetailType = ["CodeCommit Repository State Change"],
            Resources = [Fn.Sub("arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${Repo}", new Dictionary<string, string> { ["Repo"] = repository })],
            Detail = new Dictionary<string, object>
            {
                ["event"] = new[] { "referenceCreated", "referenceUpdated", "referenceDeleted" },
                ["referenceType"] = new[] { "branch" },
                ["referenceName"] = new[] { branch },
                ["callerUserArn"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["anything-but"] = new Dictionary<string, object>
                        {
                            ["prefix"] = Fn.Sub("arn:${AWS::Partition}:sts::${AWS::AccountId}:assumed-role/${Role}/", new Dictionary<string, string> { ["Role"] = approvedRole }),
                        },
                    },
                },
            },
        });
    }
}
