using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using GovCfct.Aws.Http;

namespace GovCfct.Aws.ControlTower;

/// <summary>An EnablementStatusSummary: SUCCEEDED, FAILED or UNDER_CHANGE.</summary>
public sealed record EnablementStatusSummary(string? Status, string? LastOperationIdentifier);

/// <summary>A DriftStatusSummary: DRIFTED, IN_SYNC, NOT_CHECKING or UNKNOWN.</summary>
public sealed record DriftStatusSummary(string? DriftStatus);

/// <summary>An EnabledControlSummary (ListEnabledControls) or EnabledControlDetails (GetEnabledControl).</summary>
public sealed record EnabledControlSummary(string? Arn, string? ControlIdentifier, string? TargetIdentifier, EnablementStatusSummary? StatusSummary, DriftStatusSummary? DriftStatusSummary);

/// <summary>A ControlOperationSummary: ENABLE_CONTROL, DISABLE_CONTROL, UPDATE_ENABLED_CONTROL, RESET_ENABLED_CONTROL and its status.</summary>
public sealed record ControlOperationSummary(string? OperationType, string? Status, string? StatusMessage, string? OperationIdentifier, string? ControlIdentifier, string? TargetIdentifier, DateTimeOffset? StartTime, DateTimeOffset? EndTime);

/// <summary>The Control Tower operations status needs; <see cref="ControlTowerClient"/> calls AWS.</summary>
public interface IControlTowerApi
{
    IAsyncEnumerable<EnabledControlSummary> ListEnabledControlsAsync(string targetIdentifier, CancellationToken cancellationToken);

    Task<EnabledControlSummary> GetEnabledControlAsync(string enabledControlArn, CancellationToken cancellationToken);

    IAsyncEnumerable<ControlOperationSummary> ListControlOperationsAsync(IReadOnlyList<string>? statuses, CancellationToken cancellationToken);
}

/// <summary>
/// Control Tower's control API over rest-json (POST to the operation's path, JSON body, camelCase members as in
/// botocore's controltower.service-2.json, Apache-2.0); the shared signer, credentials and retries.
/// </summary>
public sealed class ControlTowerClient : AwsJsonClient, IControlTowerApi
{
    public static readonly AwsJsonService ServiceDescription = new("ControlTower", "controltower", string.Empty, "controltower");

    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public ControlTowerClient(AwsClientOptions options, HttpMessageHandler? handler = null)
        : base(ServiceDescription, options, handler)
    {
    }

    public IAsyncEnumerable<EnabledControlSummary> ListEnabledControlsAsync(string targetIdentifier, CancellationToken cancellationToken) =>
        PageAsync<ListEnabledControlsOutput, EnabledControlSummary>(
            "ListEnabledControls", "/list-enabled-controls", token => new ListEnabledControlsInput(targetIdentifier, token, 100), r => r.EnabledControls, r => r.NextToken, cancellationToken);

    public async Task<EnabledControlSummary> GetEnabledControlAsync(string enabledControlArn, CancellationToken cancellationToken)
    {
        var output = await InvokeRestAsync<GetEnabledControlInput, GetEnabledControlOutput>("GetEnabledControl", "/get-enabled-control", new GetEnabledControlInput(enabledControlArn), cancellationToken).ConfigureAwait(false);
        return output.EnabledControlDetails ?? new EnabledControlSummary(enabledControlArn, null, null, null, null);
    }

    public IAsyncEnumerable<ControlOperationSummary> ListControlOperationsAsync(IReadOnlyList<string>? statuses, CancellationToken cancellationToken) =>
        PageAsync<ListControlOperationsOutput, ControlOperationSummary>(
            "ListControlOperations",
            "/list-control-operations",
            token => new ListControlOperationsInput(statuses is { Count: > 0 } ? new ControlOperationFilter(statuses) : null, token, 100),
            r => r.ControlOperations,
            r => r.NextToken,
            cancellationToken);

    private async Task<TOut> InvokeRestAsync<TIn, TOut>(string operation, string path, TIn input, CancellationToken cancellationToken)
    {
        var text = await SendAsync(operation, new WireRequest(path, "application/json", null), JsonSerializer.SerializeToUtf8Bytes(input, Wire), cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<TOut>(text.Length == 0 ? "{}" : text, Wire) ?? throw new JsonException("null response");
        }
        catch (JsonException ex)
        {
            throw new AwsServiceException(AwsErrorCodes.InvalidResponse, $"ControlTower {operation} returned a response that is not its output shape: {ex.Message}", System.Net.HttpStatusCode.OK, null);
        }
    }

    private async IAsyncEnumerable<TItem> PageAsync<TOut, TItem>(string operation, string path, Func<string?, object> input, Func<TOut, IEnumerable<TItem>?> items, Func<TOut, string?> next, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var output = await InvokeRestAsync<object, TOut>(operation, path, input(token), cancellationToken).ConfigureAwait(false);
            foreach (var item in items(output) ?? [])
            {
                yield return item;
            }

            token = next(output);
            if (!string.IsNullOrEmpty(token) && !seen.Add(token))
            {
                throw new AwsServiceException(AwsErrorCodes.InvalidResponse, $"ControlTower {operation} returned the same nextToken twice", System.Net.HttpStatusCode.OK, null);
            }
        }
        while (!string.IsNullOrEmpty(token));
    }

    private sealed record ListEnabledControlsInput(string TargetIdentifier, string? NextToken, int MaxResults);

    private sealed record ListEnabledControlsOutput(List<EnabledControlSummary>? EnabledControls, string? NextToken);

    private sealed record GetEnabledControlInput(string EnabledControlIdentifier);

    private sealed record GetEnabledControlOutput(EnabledControlSummary? EnabledControlDetails);

    private sealed record ControlOperationFilter(IReadOnlyList<string> Statuses);

    private sealed record ListControlOperationsInput(ControlOperationFilter? Filter, string? NextToken, int MaxResults);

    private sealed record ListControlOperationsOutput(List<ControlOperationSummary>? ControlOperations, string? NextToken);
}
