using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using GovCfct.Aws.Http;

namespace GovCfct.Aws.CloudFormation;

/// <summary>
/// The StackSets read operations (and drift detection) over CloudFormation's query protocol: a form-encoded POST
/// (<c>Action</c>, <c>Version=2010-05-15</c>, lists as <c>Member.member.N</c>) answered in XML. AWSSDK.CloudFormation is
/// not served here; shapes follow botocore's cloudformation.service-2.json (Apache-2.0). Signing, credentials, retries
/// and error mapping are the shared ones of <see cref="AwsJsonClient"/>.
/// </summary>
public sealed class CloudFormationClient : AwsJsonClient, ICloudFormationApi
{
    public static readonly AwsJsonService ServiceDescription = new("CloudFormation", "cloudformation", string.Empty, "cloudformation");

    private const string ApiVersion = "2010-05-15";

    public CloudFormationClient(AwsClientOptions options, HttpMessageHandler? handler = null)
        : base(ServiceDescription, options, handler)
    {
    }

    public IAsyncEnumerable<StackSetSummary> ListStackSetsAsync(CancellationToken cancellationToken) =>
        PageAsync(
            "ListStackSets",
            [("Status", "ACTIVE")],
            m => new StackSetSummary(Text(m, "StackSetName")!, Text(m, "Status") ?? "ACTIVE", Text(m, "PermissionModel")),
            cancellationToken);

    public async Task<string?> DescribeOrganizationsAccessAsync(CancellationToken cancellationToken)
    {
        var result = await InvokeQueryAsync("DescribeOrganizationsAccess", [("CallAs", "SELF")], cancellationToken).ConfigureAwait(false);
        return Text(result, "Status");
    }

    public async Task<StackSetDetail> DescribeStackSetAsync(string stackSetName, CancellationToken cancellationToken)
    {
        var result = await InvokeQueryAsync("DescribeStackSet", [("StackSetName", stackSetName)], cancellationToken).ConfigureAwait(false);
        var set = Child(result, "StackSet") ?? throw Invalid("DescribeStackSet", "no StackSet");
        return new StackSetDetail(
            Text(set, "StackSetName") ?? stackSetName,
            Text(set, "Status") ?? "ACTIVE",
            Text(set, "TemplateBody"),
            [.. Members(Child(set, "Parameters")).Select(p => new StackSetParameter(Text(p, "ParameterKey") ?? string.Empty, Text(p, "ParameterValue") ?? string.Empty))],
            Text(set, "PermissionModel"),
            Text(set, "ExecutionRoleName"));
    }

    public IAsyncEnumerable<StackInstanceSummary> ListStackInstancesAsync(string stackSetName, IReadOnlyList<StackInstanceFilter>? filters, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, string)> { ("StackSetName", stackSetName), ("MaxResults", "100") };
        var index = 1;
        foreach (var filter in filters ?? [])
        {
            parameters.Add(($"Filters.member.{index}.Name", filter.Name));
            parameters.Add(($"Filters.member.{index}.Values", filter.Values));
            index++;
        }

        return PageAsync("ListStackInstances", parameters, Instance, cancellationToken);
    }

    public async Task<StackInstanceSummary> DescribeStackInstanceAsync(string stackSetName, string account, string region, CancellationToken cancellationToken)
    {
        var result = await InvokeQueryAsync(
            "DescribeStackInstance",
            [("StackSetName", stackSetName), ("StackInstanceAccount", account), ("StackInstanceRegion", region)],
            cancellationToken).ConfigureAwait(false);
        return Instance(Child(result, "StackInstance") ?? throw Invalid("DescribeStackInstance", "no StackInstance"));
    }

    public IAsyncEnumerable<StackSetOperationSummary> ListStackSetOperationsAsync(string stackSetName, CancellationToken cancellationToken) =>
        PageAsync("ListStackSetOperations", [("StackSetName", stackSetName), ("MaxResults", "100")], Operation, cancellationToken);

    public IAsyncEnumerable<StackSetOperationResult> ListStackSetOperationResultsAsync(string stackSetName, string operationId, CancellationToken cancellationToken) =>
        PageAsync(
            "ListStackSetOperationResults",
            [("StackSetName", stackSetName), ("OperationId", operationId), ("MaxResults", "100")],
            m => new StackSetOperationResult(Text(m, "Account") ?? string.Empty, Text(m, "Region") ?? string.Empty, Text(m, "Status") ?? "PENDING", Text(m, "StatusReason")),
            cancellationToken);

    public async Task<string> DetectStackSetDriftAsync(string stackSetName, CancellationToken cancellationToken)
    {
        var result = await InvokeQueryAsync("DetectStackSetDrift", [("StackSetName", stackSetName)], cancellationToken).ConfigureAwait(false);
        return Text(result, "OperationId") ?? throw Invalid("DetectStackSetDrift", "no OperationId");
    }

    public async Task<StackSetOperationSummary> DescribeStackSetOperationAsync(string stackSetName, string operationId, CancellationToken cancellationToken)
    {
        var result = await InvokeQueryAsync("DescribeStackSetOperation", [("StackSetName", stackSetName), ("OperationId", operationId)], cancellationToken).ConfigureAwait(false);
        return Operation(Child(result, "StackSetOperation") ?? throw Invalid("DescribeStackSetOperation", "no StackSetOperation"));
    }

    /// <summary>The form body of one query call (RFC 3986 encoding, as botocore sends it).</summary>
    internal static byte[] FormBody(string action, IEnumerable<(string Name, string Value)> parameters)
    {
        var builder = new StringBuilder();
        builder.Append("Action=").Append(Uri.EscapeDataString(action)).Append("&Version=").Append(ApiVersion);
        foreach (var (name, value) in parameters)
        {
            builder.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private async Task<XElement> InvokeQueryAsync(string action, IEnumerable<(string, string)> parameters, CancellationToken cancellationToken)
    {
        var text = await SendAsync(action, new WireRequest("/", "application/x-www-form-urlencoded; charset=utf-8", null), FormBody(action, parameters), cancellationToken).ConfigureAwait(false);
        try
        {
            var root = XDocument.Parse(text).Root ?? throw Invalid(action, "empty document");
            return Child(root, action + "Result") ?? new XElement(action + "Result");
        }
        catch (XmlException ex)
        {
            throw Invalid(action, ex.Message);
        }
    }

    private async IAsyncEnumerable<T> PageAsync<T>(string action, List<(string, string)> parameters, Func<XElement, T> map, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var call = token is null ? parameters : [.. parameters, ("NextToken", token)];
            var result = await InvokeQueryAsync(action, call, cancellationToken).ConfigureAwait(false);
            foreach (var member in Members(Child(result, "Summaries")))
            {
                yield return map(member);
            }

            token = Text(result, "NextToken");
            if (!string.IsNullOrEmpty(token) && !seen.Add(token))
            {
                throw Invalid(action, "the same NextToken twice");
            }
        }
        while (!string.IsNullOrEmpty(token));
    }

    private static StackInstanceSummary Instance(XElement m) => new(
        Text(m, "Account") ?? string.Empty,
        Text(m, "Region") ?? string.Empty,
        Text(m, "Status") ?? "OUTDATED",
        Child(m, "StackInstanceStatus") is { } detailed ? Text(detailed, "DetailedStatus") : null,
        Text(m, "StatusReason"),
        Text(m, "DriftStatus"),
        Text(m, "LastOperationId"));

    private static StackSetOperationSummary Operation(XElement m) => new(
        Text(m, "OperationId") ?? string.Empty,
        Text(m, "Action") ?? string.Empty,
        Text(m, "Status") ?? "RUNNING",
        Time(Text(m, "CreationTimestamp")),
        Time(Text(m, "EndTimestamp")),
        Text(m, "StatusReason"));

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static IEnumerable<XElement> Members(XElement? list) => list?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    private static string? Text(XElement parent, string name) => Child(parent, name)?.Value;

    private static AwsServiceException Invalid(string action, string why) =>
        new(AwsErrorCodes.InvalidResponse, $"CloudFormation {action} returned a response that is not its output shape: {why}", HttpStatusCode.OK, null);
}
