using System.Text.Json.Nodes;
using GovCfct.Cdk.Tests.Support;
using GovCfct.Testing;

namespace GovCfct.Cdk.Tests.Synthesis;

/// <summary>
/// The account-creation hook as synthesized: its state machine definition passes asl-validator, and its role may use
/// the alert topic's KMS key, without which SNS rejects the failure notice (the topic is encrypted) and the detail is lost.
/// </summary>
[Collection(SynthesizedCollection.Name)]
public sealed class AccountCreationHookTests(SynthesizedCatalog catalog)
{
    private JsonObject Template => JsonNode.Parse(catalog.Templates["account-creation-hook"])!.AsObject();

    private static IEnumerable<(string Id, JsonObject Resource)> Resources(JsonObject template, string type) =>
        template["Resources"]!.AsObject().Where(r => r.Value!["Type"]!.GetValue<string>() == type).Select(r => (r.Key, r.Value!.AsObject()));

    [Fact]
    public void The_hook_state_machine_passes_the_asl_validator()
    {
        var template = Template;
        var resources = template["Resources"]!.AsObject().ToDictionary(r => r.Key, r => $"arn:aws:sns:ap-northeast-1:123456789012:{r.Key}", StringComparer.Ordinal);
        var resolver = new TemplateResolver(template, resources);
        var (_, machine) = Resources(template, "AWS::StepFunctions::StateMachine").Should().ContainSingle().Subject;
        var definition = JsonNode.Parse(resolver.ResolveString(machine["Properties"]!["DefinitionString"]!))!;

        var result = StepFunctionsOracle.Validate([("account-creation-hook", definition)]).Should().ContainSingle().Subject;

        result.Valid.Should().BeTrue(result.Errors);
        definition["States"]!.AsObject().Select(s => s.Key).Should().Contain(["EnableEbsEncryptionByDefault", "GetEbsEncryptionByDefault", "NotifyFailure"]);
    }

    [Fact]
    public void The_hook_role_may_encrypt_for_the_alert_topic_it_notifies()
    {
        var template = Template;
        var (keyId, _) = Resources(template, "AWS::KMS::Key").Should().ContainSingle().Subject;
        var (_, machine) = Resources(template, "AWS::StepFunctions::StateMachine").Single();
        var roleId = machine["Properties"]!["RoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        var statements = Resources(template, "AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => r!["Ref"]?.GetValue<string>() == roleId))
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .ToList();

        var kms = statements.Should().ContainSingle(s => s!["Resource"]!.ToJsonString().Contains(keyId, StringComparison.Ordinal)).Subject!;
        kms["Effect"]!.GetValue<string>().Should().Be("Allow");
        kms["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Should().BeEquivalentTo(["kms:GenerateDataKey*", "kms:Decrypt"]);
        statements.Should().Contain(s => s!["Action"]!.ToJsonString().Contains("sns:Publish", StringComparison.Ordinal));
    }
}
