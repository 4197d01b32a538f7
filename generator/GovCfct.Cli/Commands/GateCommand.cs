using System.CommandLine;
using GovCfct.Aws.CodeCommit;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Cli.Commands;

/// <summary><c>govcfct gate setup --codecommit REPO [--branch main] --approvals N --approver ARN...</c>: the repository-wide approval-rule template, once.</summary>
internal static class GateCommand
{
    public static Command Create(CliConsole console)
    {
        var repository = new Option<string>("--codecommit") { Description = "CfCT's CodeCommit repository.", Required = true };
        var branch = new Option<string>("--branch") { Description = "Pull requests into this branch need the approvals.", DefaultValueFactory = _ => "main" };
        var approvals = new Option<int>("--approvals") { Description = "Approvals every pull request needs (required: a gate's strength is always stated, as for publish --pull-request --approvals).", Required = true };
        var approvers = new Option<string[]>("--approver") { Description = "IAM role / Identity Center role / user ARN allowed to approve (repeat)." };
        var aws = new AwsCliOptions();
        var setup = new Command("setup", "Create the approval-rule template (N approvals from the approver pool) and associate it with the repository; re-running changes nothing.")
        {
            repository,
            branch,
            approvals,
            approvers,
        };
        aws.AddTo(setup);
        setup.SetAction(async (parse, cancellationToken) =>
        {
            var diagnostics = console.NewBag();
            var pool = (parse.GetValue(approvers) ?? []).Select(a => ApprovalRules.ToPoolMember(a, diagnostics)).OfType<string>().ToList();
            if (parse.GetValue(approvals) < 1)
            {
                diagnostics.Report(DiagnosticCodes.PublishInvalidOptions, "--approvals must be at least 1");
            }
            else if (!diagnostics.HasErrors)
            {
                ApprovalRules.Checked(parse.GetValue(approvals), pool, parse.GetValue(branch), diagnostics);
            }

            if (diagnostics.HasErrors)
            {
                throw new UserException(diagnostics.Items, ExitCodes.Usage);
            }

            using var client = new CodeCommitClient(aws.ToClientOptions(parse, console));
            var repo = parse.GetValue(repository)!;
            var result = await new CodeCommitPublisher(client).SetupGateAsync(repo, parse.GetValue(branch)!, parse.GetValue(approvals), pool, cancellationToken).ConfigureAwait(false);
            console.WriteDiagnostics(result.Diagnostics);
            console.Out.WriteLine(result.Created
                ? $"created approval-rule template {result.TemplateName} and associated it with {repo}"
                : $"approval-rule template {result.TemplateName} already exists; associated with {repo}");
            return ExitCodes.Ok;
        });
        return new Command("gate", "The approval gate on CfCT's CodeCommit repository.") { setup };
    }
}
