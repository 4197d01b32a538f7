using System.CommandLine;
using System.Globalization;
using GovCfct.Aws.Http;
using GovCfct.Aws.Publishing;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;
using GovCfct.Pipeline;
using GovCfct.Pipeline.UseCases;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct publish --s3-bucket BUCKET [--package DIR] [--sse AES256|aws:kms]</c>, or <c>--codecommit REPO [--pull-request ...]</c> and
/// <c>--merge PR</c> (<see cref="CodeCommitPublishing"/>). Each delivery target is one option group in
/// <see cref="PublishOptions"/> plus one branch in <see cref="RunAsync"/>; exactly one target is chosen. Every route
/// first validates the package as <c>govcfct validate</c> does (<see cref="PublishPreflight"/>) and refuses on any error.
/// </summary>
internal static class PublishCommand
{
    /// <summary>The definition is read through <paramref name="pipeline"/>, the one every verb uses.</summary>
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var options = new PublishOptions();
        var command = new Command("publish", "Deliver the built package to CfCT's source: its S3 bucket, or its CodeCommit repository behind a pull-request approval gate.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, console, options, new PublishUseCase(pipeline), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, PublishOptions options, PublishUseCase publish, CancellationToken cancellationToken)
    {
        var bucket = parse.GetValue(options.S3Bucket);
        var request = new PublishRequest(parse.GetValue(options.Package)!)
        {
            Definition = parse.GetValue(options.Definition),
            RunCfnLint = !parse.GetValue(options.NoCfnLint),
            AllowRemoteFiles = parse.GetValue(options.AllowRemoteFiles),
        };
        if (options.CodeCommit.Applies(parse))
        {
            return await options.CodeCommit.RunAsync(parse, console, options.Aws.ToClientOptions(parse, console), () => Preflight(console, publish, request), parse.GetValue(options.Package)!.ToString(), !string.IsNullOrWhiteSpace(bucket), cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(bucket))
        {
            return await PublishToS3Async(parse, console, options, publish, request, bucket, cancellationToken);
        }

        throw new UserException(
            new Diagnostic(DiagnosticCodes.UsageError, "choose where to publish", hint: "pass --s3-bucket custom-control-tower-configuration-<account>-<region> or --codecommit REPO"),
            ExitCodes.Usage);
    }

    /// <summary>The use case's preflight for the CodeCommit route, which delivers in steps of its own: the content, or the refusal as the exit code of its outcome.</summary>
    private static PublishContent Preflight(CliConsole console, PublishUseCase publish, PublishRequest request)
    {
        var result = publish.Preflight(request);
        if (result.Content is not { } content)
        {
            throw new UserException(result.Diagnostics, Outcomes.ExitCode(result.Outcome));
        }

        console.WriteDiagnostics(result.Diagnostics.Where(d => d.Severity != Severity.Info));
        return content;
    }

    private static async Task<int> PublishToS3Async(ParseResult parse, CliConsole console, PublishOptions options, PublishUseCase publish, PublishRequest request, string bucket, CancellationToken cancellationToken)
    {
        var client = options.Aws.ToClientOptions(parse, console);
        var published = await publish.PublishAsync(
            request,
            async (content, cancellation) =>
            {
                try
                {
                    var s3 = new S3PublishOptions(bucket, content) { ServerSideEncryption = parse.GetValue(options.Sse), KmsKeyId = parse.GetValue(options.SseKmsKeyId) };
                    return await new S3SourcePublisher(client).PublishAsync(s3, cancellation);
                }
                catch (AwsServiceException ex)
                {
                    throw new LiveSourceException([AwsDiagnostics.FromException(ex, $"publishing to s3://{bucket}")]);
                }
            },
            cancellationToken);
        console.WriteDiagnostics(published.Content is null ? published.Diagnostics : published.Diagnostics.Where(d => d.Severity != Severity.Info));
        if (published.Delivered is not { } result)
        {
            return Outcomes.ExitCode(published.Outcome);
        }

        console.WriteDiagnostics(result.Diagnostics);
        var shortHash = result.ContentHash[..12];
        console.Out.WriteLine(result.Uploaded
            ? string.Create(CultureInfo.InvariantCulture, $"uploaded s3://{result.Bucket}/{result.Key} ({result.EntryCount} files, content {shortHash}, {result.Region}); CfCT's pipeline starts on this upload")
            : $"unchanged: s3://{result.Bucket}/{result.Key} already holds this package (content {shortHash}); nothing uploaded");
        return Outcomes.ExitCode(published.Outcome);
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

        public Option<string?> Sse { get; } = new("--sse")
        {
            Description = "Server-side encryption to request for the S3 object (AES256 or aws:kms); default: the bucket's default encryption.",
        };

        public Option<string?> SseKmsKeyId { get; } = new("--sse-kms-key-id") { Description = "The KMS key for --sse aws:kms; default: the bucket's key." };

        public Option<DirectoryInfo?> Definition { get; } = new("--definition")
        {
            Description = "The definition the package was built from: validation before publishing uses its settings (governed regions, policy limits), as `govcfct validate` does.",
        };

        public Option<bool> NoCfnLint { get; } = new("--no-cfn-lint") { Description = "Do not run cfn-lint in the validation before publishing." };

        public Option<bool> AllowRemoteFiles { get; } = CliOptions.AllowRemoteFiles();

        public CodeCommitPublishing CodeCommit { get; } = new();

        public AwsCliOptions Aws { get; } = new();

        public void AddTo(Command command)
        {
            command.Options.Add(Package);
            command.Options.Add(S3Bucket);
            command.Options.Add(Sse);
            command.Options.Add(SseKmsKeyId);
            command.Options.Add(Definition);
            command.Options.Add(NoCfnLint);
            command.Options.Add(AllowRemoteFiles);
            command.Validators.Add(result =>
            {
                if (result.GetValue(Sse) is { } sse && sse is not ("AES256" or "aws:kms"))
                {
                    result.AddError("--sse takes AES256 or aws:kms");
                }

                if (result.GetValue(SseKmsKeyId) is not null && result.GetValue(Sse) != "aws:kms")
                {
                    result.AddError("--sse-kms-key-id needs --sse aws:kms");
                }
            });
            CodeCommit.AddTo(command);
            Aws.AddTo(command);
        }
    }
}
