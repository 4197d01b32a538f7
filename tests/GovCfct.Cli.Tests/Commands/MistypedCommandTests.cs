namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// System.CommandLine names an unrecognized command but suggests nothing: the usage error's hint names the nearest
/// command by edit distance, at the level being parsed (a verb, or a verb's subcommand), and nothing for a word that is
/// near no command.
/// </summary>
public sealed class MistypedCommandTests
{
    [Theory]
    [InlineData(new[] { "biuld" }, "Unrecognized command or argument 'biuld'. Fix: did you mean 'build'?")]
    [InlineData(new[] { "valdate", "out" }, "Unrecognized command or argument 'valdate'. Fix: did you mean 'validate'?")]
    [InlineData(new[] { "org", "lcok" }, "Unrecognized command or argument 'lcok'. Fix: did you mean 'lock'?")]
    [InlineData(new[] { "Status" }, "Unrecognized command or argument 'Status'. Fix: did you mean 'status'?")]
    public async Task A_mistyped_command_is_a_usage_error_that_names_the_nearest_command(string[] args, string expected)
    {
        var result = await Run(args);

        result.Exit.Should().Be(2);
        result.Err.Should().Contain("error GCF9001: " + expected);
    }

    [Fact]
    public async Task A_word_near_no_command_gets_no_guess()
    {
        var result = await Run("deploy-everything");

        result.Exit.Should().Be(2);
        result.Err.Should().Contain("Unrecognized command or argument 'deploy-everything'.").And.NotContain("did you mean");
    }

    [Fact]
    public async Task Only_the_word_in_the_commands_place_gets_a_guess_not_its_arguments()
    {
        var result = await Run("valdate", "out");

        result.Err.Should().Contain("did you mean 'validate'?").And.NotContain("did you mean 'org'?", "'out' is an argument, not a command");
    }
}
