using GovCfct.Pipeline.UseCases;

namespace GovCfct.Cli.Tests.Commands;

/// <summary>The one map from a use case's outcome to the exit code, against the table of docs/exit-codes.md.</summary>
public sealed class OutcomesTests
{
    [Theory]
    [InlineData(UseCaseOutcome.Ok, 0)]
    [InlineData(UseCaseOutcome.Failed, 1)]
    [InlineData(UseCaseOutcome.Usage, 2)]
    [InlineData(UseCaseOutcome.AwsFailure, 3)]
    public void Each_outcome_exits_with_the_documented_code(UseCaseOutcome outcome, int exit)
    {
        Outcomes.ExitCode(outcome).Should().Be(exit);
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "exit-codes.md")).Should().Contain($"\n| {exit} | ", "docs/exit-codes.md documents every code the outcomes map to");
    }

    [Fact]
    public void Every_outcome_has_its_own_exit_code() =>
        Enum.GetValues<UseCaseOutcome>().Select(Outcomes.ExitCode).Should().OnlyHaveUniqueItems();
}
