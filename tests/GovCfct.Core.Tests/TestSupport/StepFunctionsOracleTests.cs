using System.Text.Json.Nodes;
using GovCfct.Testing;

namespace GovCfct.Core.Tests.TestSupport;

/// <summary>The oracles the state-machine tests rely on answer as the real tools do: they must be able to say no.</summary>
public sealed class StepFunctionsOracleTests
{
    [Fact]
    public void Asl_validator_rejects_a_definition_without_StartAt_and_accepts_a_minimal_one()
    {
        var results = StepFunctionsOracle.Validate(
        [
            ("broken", JsonNode.Parse("""{"States":{"Done":{"Type":"Succeed"}}}""")!),
            ("minimal", JsonNode.Parse("""{"QueryLanguage":"JSONata","StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}""")!),
        ]);

        results.Single(r => r.Name == "broken").Valid.Should().BeFalse();
        results.Single(r => r.Name == "minimal").Valid.Should().BeTrue(results.Single(r => r.Name == "minimal").Errors);
    }

    [Fact]
    public void Jsonata_reports_undefined_for_a_missing_field_and_the_value_otherwise()
    {
        var record = JsonNode.Parse("""{"RecordDetail":{"Status":"IN_PROGRESS"}}""");
        var results = StepFunctionsOracle.Evaluate(
        [
            new("missing", "$states.result.RecordDetail.RecordOutputs[OutputKey='AccountId'].OutputValue", null, new JsonObject { ["states"] = new JsonObject { ["result"] = record!.DeepClone() } }),
            new("present", "$states.result.RecordDetail.Status", null, new JsonObject { ["states"] = new JsonObject { ["result"] = record.DeepClone() } }),
            new("bad", "$states.result.(", null, new JsonObject()),
        ]);

        results.Single(r => r.Name == "missing").Defined.Should().BeFalse();
        results.Single(r => r.Name == "present").Value!.GetValue<string>().Should().Be("IN_PROGRESS");
        results.Single(r => r.Name == "bad").Error.Should().NotBeNullOrEmpty();
    }
}
