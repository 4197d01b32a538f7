using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Tests.Policies;

/// <summary>Parses policies for tests and fails the test when the input itself is broken.</summary>
internal static class PolicyTestData
{
    public const string Exemptions =
        "\"ArnNotLike\":{\"aws:PrincipalArn\":[\"arn:*:iam::*:role/AWSControlTowerExecution\",\"arn:*:iam::*:role/stacksets-exec-*\",\"arn:*:iam::*:role/aws-controltower-ConfigRecorderRole\",\"arn:*:iam::*:role/aws-controltower-ForwardSnsNotificationRole\",\"arn:*:iam::*:role/AWSControlTower_VPCFlowLogsRole\",\"arn:*:iam::*:role/GovCloudBreakGlass\"]}";

    public static PolicyDocument Doc(string json, string file = "policies/test.json")
    {
        var bag = new DiagnosticBag();
        var document = PolicyParser.Parse(json, file, bag);
        bag.Items.Where(d => d.IsError).Should().BeEmpty();
        return document!;
    }

    /// <summary>A one-statement document.</summary>
    public static PolicyDocument Statement(string statementJson) =>
        Doc($"{{\"Version\":\"2012-10-17\",\"Statement\":[{statementJson}]}}");
}
