using System.Text.Json.Nodes;
using GovCfct.Cdk.Tests.Support;
using GovCfct.Testing;

namespace GovCfct.Cdk.Tests.Synthesis;

/// <summary>
/// The account-creation hook as synthesized: its state machine definition passes asl-validator and fails with the caught
/// error and cause, and the failed execution is forwarded to the central alert bus instead of a topic of its own.
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
        definition["States"]!.AsObject().Select(s => s.Key).Should().Contain(["EnableEbsEncryptionByDefault", "GetEbsEncryptionByDefault", "HookFailed", "EncryptionNotEnabled"]);
        definition["States"]!["HookFailed"]!["ErrorPath"]!.GetValue<string>().Should().Be("$.error.Error", "the execution's error is the caught one, which the forwarded status change carries");
        definition["States"]!["HookFailed"]!["CausePath"]!.GetValue<string>().Should().Be("$.error.Cause");
        definition["States"]!["EnableEbsEncryptionByDefault"]!["Catch"]![0]!["Next"]!.GetValue<string>().Should().Be("HookFailed");
    }

    [Fact]
    public void A_failed_execution_is_forwarded_to_the_central_bus_and_nothing_is_published_here()
    {
        var template = Template;
        Resources(template, "AWS::SNS::Topic").Should().BeEmpty();
        Resources(template, "AWS::KMS::Key").Should().BeEmpty();
        var resolver = new TemplateResolver(template, new Dictionary<string, string> { ["AlertAccountId"] = "210987654321" });
        var (_, failed) = Resources(template, "AWS::Events::Rule").Single(r => r.Id.StartsWith("HookExecutionFailedRule", StringComparison.Ordinal));
        var target = failed["Properties"]!["Targets"]!.AsArray().Single()!;
        resolver.ResolveString(target["Arn"]!).Should().Be("arn:aws:events:ap-northeast-1:210987654321:event-bus/gc-central-alerts");
        var roleId = target["RoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        resolver.ResolveString(template["Resources"]![roleId]!["Properties"]!["RoleName"]!).Should().Be("gc-account-creation-hook-sender-ap-northeast-1");
    }
}
