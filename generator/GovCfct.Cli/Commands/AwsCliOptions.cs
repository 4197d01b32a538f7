using System.CommandLine;
using GovCfct.Aws.Http;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cli.Commands;

/// <summary>
/// The AWS flags every AWS verb shares (<c>--region</c>, <c>--endpoint-url</c>, <c>--profile</c>); one instance per
/// command, so each verb lists them in its own help.
/// </summary>
internal sealed class AwsCliOptions
{
    public Option<string?> Region { get; } = new("--region")
    {
        Description = "AWS region (default: the profile's region, then AWS_REGION).",
    };

    public Option<string?> EndpointUrl { get; } = new("--endpoint-url")
    {
        Description = "Use this endpoint instead of AWS's (e.g. a local emulator).",
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "Named profile of the AWS config/credentials files (default: the SDK's credential chain).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Region);
        command.Options.Add(EndpointUrl);
        command.Options.Add(Profile);
    }

    /// <summary>Client options from the parsed flags; with --verbose each attempt is logged to stderr (never credentials).</summary>
    public AwsClientOptions ToClientOptions(ParseResult parse, CliConsole console)
    {
        var endpoint = parse.GetValue(EndpointUrl);
        Uri? endpointUri = null;
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out endpointUri) || endpointUri.Scheme is not ("http" or "https")))
        {
            throw new UserException(
                new Diagnostic(DiagnosticCodes.UsageError, $"--endpoint-url '{endpoint}' is not an http(s) URL", hint: "e.g. --endpoint-url http://127.0.0.1:5000"),
                ExitCodes.Usage);
        }

        var verbose = parse.GetValue(CliOptions.Verbose);
        return new AwsClientOptions(parse.GetValue(Region), endpointUri, parse.GetValue(Profile))
        {
            Log = verbose ? line => console.Error.WriteLine("aws: " + line) : null,
        };
    }
}
