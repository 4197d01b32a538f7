using GovCfct.Core.Replay;
using GovCfct.Testing;

namespace GovCfct.Core.Tests.Replay;

/// <summary>
/// eventSource/eventName → IAM action: the event-source table is botocore's (checked against the botocore installed
/// with moto), the exceptions are the documented ones.
/// </summary>
public sealed class EventActionMapTests
{
    private static readonly EventActionMap Map = EventActionMap.Default;

    [Theory]
    [InlineData("iam.amazonaws.com", "CreateRole", "iam:CreateRole")]
    [InlineData("monitoring.amazonaws.com", "PutMetricAlarm", "cloudwatch:PutMetricAlarm")]
    [InlineData("email.amazonaws.com", "SendEmail", "ses:SendEmail")]
    [InlineData("lambda.amazonaws.com", "CreateFunction20150331", "lambda:CreateFunction")]
    [InlineData("lambda.amazonaws.com", "UpdateFunctionCode20150331v2", "lambda:UpdateFunctionCode")]
    [InlineData("s3.amazonaws.com", "ListObjects", "s3:ListBucket")]
    [InlineData("s3.amazonaws.com", "HeadObject", "s3:GetObject")]
    [InlineData("s3.amazonaws.com", "ListBuckets", "s3:ListAllMyBuckets")]
    [InlineData("s3.amazonaws.com", "PutBucketEncryption", "s3:PutEncryptionConfiguration")]
    [InlineData("organizations.amazonaws.com", "AttachPolicy", "organizations:AttachPolicy")]
    public void Calls_map_to_their_IAM_action(string source, string name, string action)
    {
        var mapping = Map.Map(source, name);

        mapping.Kind.Should().Be(ActionMappingKind.Mapped);
        mapping.Actions.Should().Equal(action);
    }

    [Fact]
    public void A_copy_is_authorized_as_a_read_and_a_write()
    {
        Map.Map("s3.amazonaws.com", "CopyObject").Actions.Should().BeEquivalentTo("s3:PutObject", "s3:GetObject");
    }

    [Theory]
    [InlineData("signin.amazonaws.com", "ConsoleLogin")]
    [InlineData("example.amazonaws.com", "DoThing")]
    [InlineData("iam.amazonaws.com", "NotAnOperation")]
    [InlineData(null, "CreateRole")]
    public void What_has_no_IAM_action_is_unmapped_not_guessed(string? source, string name)
    {
        Map.Map(source, name).Kind.Should().Be(ActionMappingKind.Unmapped);
    }

    [Fact]
    public void GetCallerIdentity_needs_no_permission()
    {
        Map.Map("sts.amazonaws.com", "GetCallerIdentity").Kind.Should().Be(ActionMappingKind.NoPermission);
    }

    [Fact]
    public void The_event_source_table_is_what_botocore_generates()
    {
        var (exitCode, _, stderr) = ExternalTool.Run("python3", [RepositoryRoot.Combine("scripts", "replay-event-sources.py"), "--check"], null, RepositoryRoot.Path, "python3 and botocore come with moto on this machine kind.");

        exitCode.Should().Be(0, $"generator/GovCfct.Core/Replay/Data/cloudtrail-event-sources.json must equal the script's output for the installed botocore ({stderr})");
        Map.EventSourceCount.Should().BeGreaterThan(300);
        Map.DataSource.Should().StartWith("botocore ").And.Contain("Apache-2.0");
    }
}
