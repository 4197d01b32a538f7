using System.CommandLine;
using System.Globalization;
using GovCfct.Aws.Http;
using GovCfct.Aws.Publishing;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct publish --s3-bucket BUCKET [--package DIR]</c>, or <c>--codecommit REPO [--pull-request ...]</c> and
/// <c>--merge PR</c> (<see cref="CodeCommitPublishing"/>). Each delivery target is one option group in
/// <see cref="PublishOptions"/> plus one branch in <see cref="RunAsync"/>; exactly one target is chosen.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new PublishOptions();
        var command = new Command("publish", "Deliver the built package to CfCT's source: its S3 bucket, or its CodeCommit repository behind a pull-request approval gate.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, options, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, PublishOptions options, CancellationToken cancellationToken)
    {
        var bucket = parse.GetValue(options.S3Bucket);
        if (options.CodeCommit.Applies(parse))
        {
            return await options.CodeCommit.RunAsync(parse, console, options.Aws.ToClientOptions(parse, console), parse.GetValue(options.Package)!, !string.IsNullOrWhiteSpace(bucket), cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(bucket))
        {
            return await PublishToS3Async(parse, console, options, bucket, cancellationToken);
        }

        throw new UserException(
            Diagnostic.Error(DiagnosticCodes.UsageError, "choose where to publish", hint: "pass --s3-bucket custom-control-tower-configuration-<account>-<region> or --codecommit REPO"),
            ExitCodes.Usage);
    }

    private static async Task<int> PublishToS3Async(ParseResult parse, CliConsole console, PublishOptions options, string bucket, CancellationToken cancellationToken)
    {
        var folder = parse.GetValue(options.Package)!;
        var client = options.Aws.ToClientOptions(parse, console);
        S3PublishResult result;
        try
        {
            result = await new S3SourcePublisher(client).PublishAsync(new S3PublishOptions(bucket, folder.FullName, folder.ToString()), cancellationToken);
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

    /// <summary>The verb's options, grouped by target; a new target adds its group here.</summary>
    private sealed class PublishOptions
    {
        public Option<DirectoryInfo> Package { get; } = new("--package", "-p")
        {
            Description = "The built CfCT package folder.",
            DefaultValueFactory = _ => new DirectoryInfo("out"),
        };

        public Option<string?> S3Bucket { get; } = new("--s3-bucket")
        {
            Description = "Upload to CfCT's S3 source bucket (custom-control-tower-configuration-<account>-<region>) as custom-control-tower-configuration.zip.",
        };

        public CodeCommitPublishing CodeCommit { get; } = new();

        public AwsCliOptions Aws { get; } = new();

        public void AddTo(Command command)
        {
            command.Options.Add(Package);
            command.Options.Add(S3Bucket);
            CodeCommit.AddTo(command);
            Aws.AddTo(command);
        }
    }
}
