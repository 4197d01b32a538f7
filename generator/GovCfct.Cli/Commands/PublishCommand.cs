using System.CommandLine;
using System.Globalization;
using GovCfct.Aws.Http;
using GovCfct.Aws.Publishing;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct publish --s3-bucket BUCKET [--package DIR]</c> or <c>--codecommit REPO ...</c> / <c>--merge PR</c>
/// (<see cref="CodeCommitPublishing"/>). Each delivery target is one option group plus one branch in
/// <see cref="Run"/>: exactly one target must be chosen.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(CliConsole console)
    {
        var package = new Option<DirectoryInfo>("--package", "-p")
        {
            Description = "The built CfCT package folder.",
            DefaultValueFactory = _ => new DirectoryInfo("out"),
        };
        var s3Bucket = new Option<string?>("--s3-bucket")
        {
            Description = "Upload to CfCT's S3 source bucket (custom-control-tower-configuration-<account>-<region>) as custom-control-tower-configuration.zip.",
        };
        var aws = new AwsCliOptions();
        var codeCommit = new CodeCommitPublishing();
        var command = new Command("publish", "Deliver the built package to CfCT's source: its S3 bucket, or its CodeCommit repository behind a pull-request approval gate.")
        {
            package,
            s3Bucket,
        };
        codeCommit.AddTo(command);
        aws.AddTo(command);
        command.SetAction((parse, cancellationToken) => codeCommit.Applies(parse)
            ? codeCommit.RunAsync(parse, console, aws.ToClientOptions(parse, console), parse.GetValue(package)!, parse.GetValue(s3Bucket) is not null, cancellationToken)
            : Run(parse, console, aws, package, s3Bucket, cancellationToken));
        return command;
    }

    private static async Task<int> Run(ParseResult parse, CliConsole console, AwsCliOptions aws, Option<DirectoryInfo> package, Option<string?> s3Bucket, CancellationToken cancellationToken)
    {
        var bucket = parse.GetValue(s3Bucket);
        if (string.IsNullOrWhiteSpace(bucket))
        {
            throw new UserException(
                Diagnostic.Error(DiagnosticCodes.UsageError, "choose where to publish", hint: "pass --s3-bucket custom-control-tower-configuration-<account>-<region> or --codecommit REPO"),
                ExitCodes.Usage);
        }

        var folder = parse.GetValue(package)!;
        var options = aws.ToClientOptions(parse, console);
        S3PublishResult result;
        try
        {
            result = await new S3SourcePublisher(options).PublishAsync(new S3PublishOptions(bucket, folder.FullName, folder.ToString()), cancellationToken);
        }
        catch (AwsServiceException ex)
        {
            throw new UserException(AwsDiagnostics.FromException(ex, $"publishing to s3://{bucket}"), ExitCodes.AwsFailure);
        }

        console.WriteDiagnostics(result.Diagnostics);
        var shortHash = result.Sha256[..12];
        console.Out.WriteLine(result.Uploaded
            ? string.Create(CultureInfo.InvariantCulture, $"uploaded s3://{result.Bucket}/{result.Key} ({result.EntryCount} files, sha256 {shortHash}); CfCT's pipeline starts on this upload")
            : $"unchanged: s3://{result.Bucket}/{result.Key} already holds this package (sha256 {shortHash}); nothing uploaded");
        return ExitCodes.Ok;
    }
}
