using System.CommandLine;
using GovCfct.Aws.Http;

namespace GovCfct.Cli.Commands;

/// <summary>
/// The options that say how to reach AWS (<c>--region</c>, <c>--profile</c>, <c>--endpoint-url</c>), shared by the
/// verbs that call AWS; credentials always come from the SDK's chain, never from the command line.
/// </summary>
internal sealed class AwsConnection
{
    public Option<string?> Region { get; } = new("--region") { Description = "AWS region (default: the profile's or AWS_REGION); CfCT runs in Control Tower's home region." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "Named profile of the AWS config files (default: the SDK's credential chain)." };

    public Option<Uri?> EndpointUrl { get; } = new("--endpoint-url")
    {
        Description = "Send calls to this endpoint instead of AWS (tests, VPC endpoints).",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            result.AddError($"--endpoint-url '{text}' is not an absolute http(s) URL");
            return null;
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Region);
        command.Options.Add(Profile);
        command.Options.Add(EndpointUrl);
    }

    public AwsClientOptions Options(ParseResult parse, CliConsole console) =>
        new(parse.GetValue(Region), parse.GetValue(EndpointUrl), parse.GetValue(Profile))
        {
            Log = parse.GetValue(CliOptions.Verbose) ? line => console.Error.WriteLine(line) : null,
        };
}
