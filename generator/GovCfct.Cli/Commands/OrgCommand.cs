using System.CommandLine;
using System.Globalization;
using System.Text;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.IO;
using GovCfct.Core.Organization;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct org snapshot [--out FILE] [--region R] [--endpoint-url URL] [--profile P]</c> and
/// <c>govcfct org lock --org SNAPSHOT [--out FILE]</c>.
/// </summary>
internal static class OrgCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("org", "Work with the live AWS organization.");
        command.Subcommands.Add(CreateSnapshot(console));
        command.Subcommands.Add(CreateLock(console));
        return command;
    }

    /// <summary>Offline: snapshot → org-lock.yaml, so builds get OU ids without calling AWS.</summary>
    private static Command CreateLock(CliConsole console)
    {
        var org = new Option<FileInfo>("--org") { Description = "The organization snapshot (JSON from 'govcfct org snapshot').", Required = true };
        var output = new Option<FileInfo?>("--out", "-o")
        {
            Description = "Write the lock to this file, e.g. manifest/org-lock.yaml (default: standard output).",
        };
        var command = new Command("lock", "Write the org lock (OU paths to ids, organization id) from a snapshot; commit it beside organization.yaml.")
        {
            org, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(org)!;
            if (!file.Exists)
            {
                console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, $"--org: file '{file}' does not exist", hint: "write one with govcfct org snapshot --out FILE"));
                return ExitCodes.Usage;
            }

            var diagnostics = new DiagnosticBag();
            var snapshot = OrgLockWriter.ReadSnapshot(file.FullName, file.ToString(), diagnostics);
            console.WriteDiagnostics(diagnostics.Sorted());
            if (snapshot is null)
            {
                return ExitCodes.ValidationFailed;
            }

            var bytes = new UTF8Encoding(false).GetBytes(OrgLockWriter.Write(snapshot));
            if (parse.GetValue(output) is not { } target)
            {
                await console.Out.WriteAsync(Encoding.UTF8.GetString(bytes));
                return ExitCodes.Ok;
            }

            // A lock that already says exactly this is left alone, and the command says so instead of "wrote".
            target.Refresh();
            if (target.Exists && File.ReadAllBytes(target.FullName).AsSpan().SequenceEqual(bytes))
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"unchanged {target.FullName}: {snapshot.OrganizationalUnits.Length} OUs of {snapshot.OrganizationId}"));
                return ExitCodes.Ok;
            }

            WriteAtomically(target, bytes);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {target.FullName}: {snapshot.OrganizationalUnits.Length} OUs of {snapshot.OrganizationId}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateSnapshot(CliConsole console)
    {
        var output = new Option<FileInfo?>("--out", "-o")
        {
            Description = "Write the snapshot to this file (default: standard output).",
        };
        var aws = new AwsCliOptions();
        var command = new Command("snapshot", "Read the organization (OU tree, accounts, SCPs and RCPs with targets) into a snapshot file for validate and plan.")
        {
            output,
        };
        aws.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = aws.ToClientOptions(parse, console);
            OrgSnapshotReaderResult result;
            try
            {
                using var client = new OrganizationsClient(options);
                result = await new OrgSnapshotReader(client).ReadAsync(cancellationToken);
            }
            catch (AwsServiceException ex)
            {
                throw new UserException(AwsDiagnostics.FromException(ex, "reading the organization"), ExitCodes.AwsFailure);
            }

            console.WriteDiagnostics(result.Diagnostics);
            var bytes = OrgSnapshotSerializer.SerializeToUtf8(result.Snapshot);
            var file = parse.GetValue(output);
            if (file is null)
            {
                await console.Out.WriteAsync(Encoding.UTF8.GetString(bytes));
                return ExitCodes.Ok;
            }

            WriteAtomically(file, bytes);
            var snapshot = result.Snapshot;
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {file.FullName}: {snapshot.OrganizationalUnits.Length} OUs, {snapshot.Accounts.Length} accounts, {snapshot.Policies.Length} policies"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Temp file beside the target, then rename: a failed run never leaves half a snapshot.</summary>
    private static void WriteAtomically(FileInfo file, byte[] bytes)
    {
        try
        {
            AtomicFile.Write(file.FullName, bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException(new Diagnostic(DiagnosticCodes.IoError, $"cannot write {file.FullName}: {ex.Message}", hint: "check the --out path and its permissions"), ExitCodes.Usage);
        }
    }
}
