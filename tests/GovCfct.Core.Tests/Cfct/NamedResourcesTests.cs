using System.Text;
using GovCfct.Core.Cfct;

namespace GovCfct.Core.Tests.Cfct;

/// <summary>
/// What a template claims per account and region, worked by hand from CloudFormation's resource reference: the naming
/// property of each type (ConfigRuleName, RoleName, Events::Rule's Name), Ref and Sub over parameters and their
/// defaults, and the resources an account holds once per region (a GuardDuty detector).
/// </summary>
public sealed class NamedResourcesTests
{
    private const string Template = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          Suffix:
            Type: String
            Default: -dflt
          Frequency:
            Type: String
        Resources:
          Rule:
            Type: AWS::Config::ConfigRule
            Properties:
              ConfigRuleName: gc-restricted-ssh
          Role:
            Type: AWS::IAM::Role
            Properties:
              RoleName: !Sub 'gc-sender-${AWS::Region}${Suffix}'
          Schedule:
            Type: AWS::Events::Rule
            Properties:
              Name: {Ref: Suffix}
          Permission:
            Type: AWS::Lambda::Permission
            Properties:
              FunctionName: gc-not-a-claim
          Joined:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: !Join ['-', [gc, topic]]
          Detector:
            Type: AWS::GuardDuty::Detector
            Properties:
              Enable: true
        """;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Names_literal_ref_and_sub_with_the_stack_parameters_and_one_per_region_types_are_claims()
    {
        var claims = NamedResources.Claims(Bytes(Template), new Dictionary<string, string>(StringComparer.Ordinal) { ["Suffix"] = "-84bd9e2a" });

        claims.Should().NotBeNull();
        claims!.Value.Should().Equal(
            "AWS::Config::ConfigRule gc-restricted-ssh",
            "AWS::Events::Rule -84bd9e2a",
            "AWS::GuardDuty::Detector (one per account and region)",
            "AWS::IAM::Role gc-sender-${AWS::Region}-84bd9e2a");
    }

    [Fact]
    public void A_parameter_without_a_value_takes_its_default()
    {
        var claims = NamedResources.Claims(Bytes(Template), new Dictionary<string, string>(StringComparer.Ordinal));

        claims!.Value.Should().Contain("AWS::IAM::Role gc-sender-${AWS::Region}-dflt").And.Contain("AWS::Events::Rule -dflt");
    }

    [Fact]
    public void Shared_is_what_both_templates_claim_and_null_when_one_is_not_a_template()
    {
        var other = """
            Resources:
              Rule:
                Type: AWS::Config::ConfigRule
                Properties:
                  ConfigRuleName: gc-restricted-ssh-84bd9e2a
              Detector:
                Type: AWS::GuardDuty::Detector
            """;

        NamedResources.Shared(Bytes(Template), new Dictionary<string, string>(), Bytes(other), new Dictionary<string, string>())!.Value
            .Should().Equal("AWS::GuardDuty::Detector (one per account and region)");
        NamedResources.Shared(Bytes(Template), new Dictionary<string, string>(), Bytes("{\"Version\": \"2012-10-17\"}"), new Dictionary<string, string>()).Should().BeNull();
        NamedResources.Shared(Bytes(Template), new Dictionary<string, string>(), [], new Dictionary<string, string>()).Should().BeNull();
    }
}
