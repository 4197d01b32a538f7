using System.CommandLine;
using GovCfct.Aws.CodePipeline;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cli.Commands;

/// <summary><c>govcfct pipeline status | approve|reject --summary TEXT [--expect-revision REV] | template</c>: CfCT's pipeline, its executions and source revisions, its manual approval, and the governance pipeline's template.</summary>
internal static class PipelineCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("pipeline", "CfCT's pipeline (Custom-Control-Tower-CodePipeline): status and its manual approval; the governance pipeline's template.");
        command.Subcommands.Add(Status(console));
        command.Subcommands.Add(Answer(console, approve: true));
        command.Subcommands.Add(Answer(console, approve: false));
        command.Subcommands.Add(Template(console));
        return command;
    }

    // The governance pipeline's CloudFormation template (docs/pipeline.md): offline, deterministic, no AWS call.
    private static Command Template(CliConsole console)
    {
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the template to this file (default: standard output)." };
        var command = new Command("template", "Print the CloudFormation template of the governance pipeline (CodeBuild project, build role, trigger, optional approval pipeline).") { output };
        command.SetAction(parse =>
        {
            var text = Core.Scaffolding.GovernancePipelineTemplate.Render(ToolIdentity.Version);
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file.FullName, text);
                console.Out.WriteLine($"wrote {file}");
            }
            else
            {
                console.Out.Write(text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string> PipelineName() =>
        new("--pipeline") { Description = "The pipeline's name.", DefaultValueFactory = _ => PipelineGate.CfctPipelineName };

    private static Command Status(CliConsole console)
    {
        var pipeline = PipelineName();
        var aws = new AwsCliOptions();
        var command = new Command("status", "Show each stage's latest status and a waiting manual approval.") { pipeline };
        aws.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = new CodePipelineClient(aws.ToClientOptions(parse, console));
            var status = await new PipelineGate(client).StatusAsync(parse.GetValue(pipeline)!, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine(status.PipelineName);
            foreach (var stage in status.Stages)
            {
                console.Out.WriteLine($"  {stage.StageName,-24} {stage.Status ?? "-",-12} execution {stage.PipelineExecutionId ?? "-"} revision {stage.SourceRevision ?? "-"}");
            }

            console.Out.WriteLine(status.Pending is { } pending
                ? $"waiting for approval: {pending.StageName}/{pending.ActionName} of execution {pending.PipelineExecutionId ?? "?"}, source revision {pending.SourceRevision ?? "unknown"} (govcfct pipeline approve|reject --expect-revision {pending.SourceRevision ?? "REV"} --summary TEXT)"
                : "no approval waiting");
            return 0;
        });
        return command;
    }

    private static Command Answer(CliConsole console, bool approve)
    {
        var pipeline = PipelineName();
        var summary = new Option<string>("--summary") { Description = "Why (recorded in the pipeline's history, at most 512 characters).", Required = true };
        var expect = new Option<string?>("--expect-revision")
        {
            Description = "Required: answer only when the waiting approval belongs to an execution of this source revision (the full 40-character commit id, or the S3 object version): a superseded pipeline can hold an older execution at the approval.",
            Required = true,
        };
        var aws = new AwsCliOptions();
        var command = new Command(approve ? "approve" : "reject", approve ? "Approve the waiting manual approval." : "Reject the waiting manual approval (the run stops).") { pipeline, summary, expect };
        aws.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(summary) is { Length: > 512 })
            {
                result.AddError("--summary is longer than 512 characters (CodePipeline's limit)");
            }

            if (result.GetValue(expect) is { } revision && (revision.Length == 0 || (revision.All(Uri.IsHexDigit) && revision.Length != 40)))
            {
                result.AddError("--expect-revision takes the full revision: a 40-character commit id (a prefix could name another commit), or the S3 object version");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = new CodePipelineClient(aws.ToClientOptions(parse, console));
            var answered = await new PipelineGate(client).AnswerAsync(parse.GetValue(pipeline)!, approve, parse.GetValue(summary)!, cancellationToken, parse.GetValue(expect)).ConfigureAwait(false);
            console.Out.WriteLine($"{(approve ? "approved" : "rejected")} {answered.StageName}/{answered.ActionName} of {parse.GetValue(pipeline)}: execution {answered.PipelineExecutionId ?? "?"}, source revision {answered.SourceRevision ?? "unknown"}");
            return 0;
        });
        return command;
    }
}
