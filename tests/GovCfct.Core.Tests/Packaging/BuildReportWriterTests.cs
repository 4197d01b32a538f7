using GovCfct.Core.Packaging;

namespace GovCfct.Core.Tests.Packaging;

/// <summary>The build report's summary says what is free, not only the capacity (docs/build.md: attached SCPs use an OU's slots, inherited ones do not).</summary>
public sealed class BuildReportWriterTests
{
    [Fact]
    public void The_summary_gives_the_slots_still_free_where_fewest_are_free_besides_the_capacity()
    {
        // Capacity 3 SCP and 4 RCP slots per OU (5 - 2 and 5 - 1 reserved). Workloads has 2 SCPs and 1 RCP attached, so
        // 3 - 2 = 1 SCP slot and 4 - 1 = 3 RCP slots are free there; its child inherits them and uses none of its own.
        var report = new BuildReport(
            [
                new OuReport("Security", [], [], 0, [], 0),
                new OuReport("Workloads", ["deny-regions"], ["gc-scp-1", "gc-scp-2"], 0, ["gc-rcp-1"], 0),
                new OuReport("Workloads:Prod", ["deny-regions"], [], 2, [], 1),
            ],
            [],
            [],
            [],
            3,
            4);

        var markdown = BuildReportWriter.ToMarkdown(report);

        markdown.Should().Contain("- policy slots per OU (after the reserved ones): SCP 3, RCP 4; fewest still free: SCP 1 at Workloads, RCP 3 at Workloads\n");
    }
}
