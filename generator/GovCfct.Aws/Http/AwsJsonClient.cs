using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GovCfct.Aws.Http;

/// <summary>
/// Base of the small typed clients for AWS JSON-1.1 APIs (Organizations, CodeCommit, CodePipeline) that
/// have no SDK package here: one POST per operation with <c>X-Amz-Target: Prefix.Operation</c>, signed
/// with the SDK's SigV4 signer, retried with exponential back-off and jitter on throttling, 5xx and
/// connection faults, bounded in attempts and total time, errors mapped to <see cref="AwsServiceException"/>.
/// </summary>
public abstract class AwsJsonClient : IDisposable
{
    private const string ContentType = "application/x-amz-json-1.1";

    /// <summary>
    /// Members named as the botocore shapes name them (PascalCase or camelCase per service); absent members are not
    /// sent; an answer that lacks a member the shape record declares non-nullable (the model's required members) or
    /// carries null there is not the output shape and fails as <see cref="AwsErrorCodes.InvalidResponse"/> (see <see cref="ShapeCheck"/>).
    /// </summary>
    private static readonly JsonSerializerOptions PascalCase = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
        RespectNullableAnnotations = true,
    };

    private static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
    };

    private readonly JsonSerializerOptions _json;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;
    private AWSCredentials? _credentials;

    protected AwsJsonClient(AwsJsonService service, AwsClientOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1");
        }

        Service = service;
        Options = options;
        _json = service.CamelCaseMembers ? CamelCase : PascalCase;
        Region = AwsCredentialResolver.ResolveRegion(options);
        Endpoint = AwsEndpoints.Resolve(service, Region, options.EndpointUrl, options.Profile, Environment.GetEnvironmentVariable);
        SigningRegion = service.SigningRegion(Region);
        _ownsHttp = handler is null;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: handler is null)
        {
            // Polly owns time: per-attempt and total timeouts below.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _pipeline = BuildPipeline(options);
    }

    public AwsJsonService Service { get; }

    public AwsClientOptions Options { get; }

    /// <summary>The region calls are made for (after option/profile/environment resolution).</summary>
    public string Region { get; }

    public Uri Endpoint { get; }

    public string SigningRegion { get; }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The one way every client calls an operation: serializes the input (an object with the model's member names),
    /// sends it signed and retried, and deserializes the output shape; bad JSON or a missing required member is
    /// <see cref="AwsErrorCodes.InvalidResponse"/>, never an unhandled exception.
    /// </summary>
    protected async Task<TResponse> InvokeAsync<TResponse>(string operation, object request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), _json);
        var text = await SendAsync(operation, body, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = JsonSerializer.Deserialize<TResponse>(text.Length == 0 ? "{}" : text, _json)
                ?? throw new JsonException("the answer is JSON null");
            return ShapeCheck.FirstMissing(response) is { } missing
                ? throw new JsonException($"the required member {missing} is missing")
                : response;
        }
        catch (JsonException ex)
        {
            throw new AwsServiceException(AwsErrorCodes.InvalidResponse, $"{Service.ServiceId} {operation} returned a response that is not its output shape: {ex.Message}", HttpStatusCode.OK, null);
        }
    }

    /// <summary>
    /// The one paginator: follows the output's next token until the service stops returning one; a repeated token
    /// is a service bug and fails as <see cref="AwsErrorCodes.InvalidResponse"/> instead of spinning forever.
    /// </summary>
    protected async IAsyncEnumerable<TItem> PaginateAsync<TResponse, TItem>(
        string operation,
        Func<string?, object> request,
        Func<TResponse, IEnumerable<TItem>?> items,
        Func<TResponse, string?> nextToken,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var response = await InvokeAsync<TResponse>(operation, request(token), cancellationToken).ConfigureAwait(false);
            foreach (var item in items(response) ?? [])
            {
                yield return item;
            }

            token = nextToken(response);
            if (token is not null && !seen.Add(token))
            {
                throw new AwsServiceException(AwsErrorCodes.InvalidResponse, $"{Service.ServiceId} {operation} returned the same NextToken twice", HttpStatusCode.OK, null);
            }
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Sends a raw JSON body and returns the raw JSON response text (for clients with unusual shapes).</summary>
    protected Task<string> SendAsync(string operation, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(operation, new WireRequest(string.Empty, ContentType, $"{Service.TargetPrefix}.{operation}"), body, cancellationToken);

    /// <summary>
    /// Sends a body of another AWS protocol (query: form-encoded to <c>/</c>; rest-json: JSON to the operation's path)
    /// through the same credentials, signer, retries and error mapping; returns the raw response text.
    /// </summary>
    protected async Task<string> SendAsync(string operation, WireRequest wire, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wire);
        if (_credentials is null)
        {
            // Parallel callers may both resolve; the first result is kept, the chain caches anyway.
            var resolved = await AwsCredentialResolver.ResolveCredentialsAsync(Options, cancellationToken).ConfigureAwait(false);
            Interlocked.CompareExchange(ref _credentials, resolved, null);
        }

        var attempt = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    var number = Interlocked.Increment(ref attempt);
                    try
                    {
                        var result = await AttemptAsync(wire, body, ctx.CancellationToken).ConfigureAwait(false);
                        Options.Log?.Invoke(result.Error is null
                            ? $"{Service.ServiceId} {operation}: attempt {number}/{Options.MaxAttempts}: HTTP {(int)result.Status}"
                            : $"{Service.ServiceId} {operation}: attempt {number}/{Options.MaxAttempts}: HTTP {(int)result.Status} {result.Error.ErrorCode}: {result.Error.Message}");
                        return Outcome.FromResult(result);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        Options.Log?.Invoke($"{Service.ServiceId} {operation}: attempt {number}/{Options.MaxAttempts}: {Describe(ex)}");
                        return Outcome.FromException<AttemptResult>(ex);
                    }
                },
                context,
                0).ConfigureAwait(false);

            cancellationToken.ThrowIfCancellationRequested();
            if (outcome.Exception is not null)
            {
                throw Fail(operation, outcome.Exception, attempt);
            }

            var final = outcome.Result!;
            if (final.Error is not null)
            {
                throw new AwsServiceException(final.Error.ErrorCode, final.Error.Message, final.Status, final.Error.RequestId, attempt);
            }

            return final.Body;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<AttemptResult> AttemptAsync(WireRequest wire, byte[] body, CancellationToken cancellationToken)
    {
        var credentials = await AwsCredentialResolver.ResolveImmutableAsync(_credentials!, Options.Profile, cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = wire.ContentType,
        };
        if (wire.Target is not null)
        {
            headers["X-Amz-Target"] = wire.Target;
        }

        var uri = wire.Path.Length == 0 ? Endpoint : new Uri(Endpoint, wire.Path.TrimStart('/'));
        var result = await SendSignedAsync(uri, headers, body, credentials, cancellationToken).ConfigureAwait(false);

        // A refusal for the request's time teaches the clock's offset from the response's Date; the next signature uses it.
        if (result.Error is not null && AwsClockSkew.TryLearn(Endpoint, result.Status, result.Error.ErrorCode, result.ServerDate, TimeProvider.System))
        {
            Options.Log?.Invoke($"{Service.ServiceId}: the local clock is {AwsClockSkew.Offset(Endpoint).TotalSeconds:0} s away from the service's; signing again with the corrected time");
            result = await SendSignedAsync(uri, headers, body, credentials, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<AttemptResult> SendSignedAsync(Uri uri, Dictionary<string, string> headers, byte[] body, ImmutableCredentials credentials, CancellationToken cancellationToken)
    {
        var signed = AwsRequestSigner.Sign(uri, Service.SigningName, SigningRegion, headers, body, credentials, AwsClockSkew.SigningTime(Endpoint, TimeProvider.System));

        using var message = new HttpRequestMessage(HttpMethod.Post, uri);
        message.Content = new ByteArrayContent(body);
        foreach (var (name, value) in signed)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
        if (response.IsSuccessStatusCode)
        {
            return new AttemptResult(response.StatusCode, text, null, response.Headers.Date);
        }

        return new AttemptResult(response.StatusCode, string.Empty, ParseError(response, text, requestId), response.Headers.Date);
    }

    /// <summary>AWS JSON errors: <c>__type</c> (maybe <c>ns#Code</c> or <c>Code:uri</c>) or the <c>x-amzn-ErrorType</c> header, and <c>message</c>/<c>Message</c>.</summary>
    internal static ServiceError ParseError(HttpResponseMessage response, string text, string? requestId)
    {
        string? type = Header(response, "x-amzn-ErrorType");
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.Name is "__type" or "code" or "Code")
                    {
                        type ??= property.Value.GetString();
                    }
                    else if (property.Name is "message" or "Message" or "errorMessage")
                    {
                        message = property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: some front ends answer auth failures in the query protocol's XML.
            (type, message) = ParseXmlError(text, type, message);
        }

        var code = NormalizeCode(type) ?? (int)response.StatusCode switch
        {
            429 => "TooManyRequestsException",
            >= 500 => "ServiceUnavailable",
            403 => "AccessDeniedException",
            _ => "HttpError" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
        };
        return new ServiceError(code, string.IsNullOrWhiteSpace(message) ? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}" : message, requestId);
    }

    private static (string? Type, string? Message) ParseXmlError(string text, string? type, string? message)
    {
        try
        {
            var doc = System.Xml.Linq.XDocument.Parse(text);
            var code = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            var text2 = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            return (type ?? code, message ?? text2);
        }
        catch (System.Xml.XmlException)
        {
            // Neither JSON nor XML (a proxy's HTML page, a truncated body): the status code has to speak.
            return (type, message);
        }
    }

    private static string? NormalizeCode(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var code = type;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Trim();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool IsTransient(Exception exception) =>
        exception is HttpRequestException or IOException or SocketException or TimeoutRejectedException
        || (exception is TaskCanceledException && exception.InnerException is TimeoutException);

    private static bool IsTransient(AttemptResult result) =>
        result.Error is not null
        && ((int)result.Status >= 500 || (int)result.Status == 429 || AwsErrorCodes.IsThrottling(result.Error.ErrorCode));

    private ResiliencePipeline<AttemptResult> BuildPipeline(AwsClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult>()
            .AddTimeout(options.TotalTimeout);
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = TimeSpan.FromSeconds(20),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex ? IsTransient(ex) : args.Outcome.Result is { } r && IsTransient(r)),
                OnRetry = args =>
                {
                    options.Log?.Invoke($"{Service.ServiceId}: retrying in {args.RetryDelay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s");
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(options.EffectiveTimeout).Build();
    }

    private AwsServiceException Fail(string operation, Exception exception, int attempts)
    {
        if (exception is AwsServiceException aws)
        {
            return aws;
        }

        var where = $"{Service.ServiceId} {operation} at {Endpoint.GetLeftPart(UriPartial.Authority)}";
        return exception is TimeoutRejectedException
            ? new AwsServiceException(
                AwsErrorCodes.RequestTimeout,
                $"{where} timed out after {attempts} attempt(s) (per attempt {Options.EffectiveTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s, total {Options.TotalTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s): check the network, proxy and endpoint",
                0,
                null,
                attempts)
            : new AwsServiceException(
                AwsErrorCodes.ConnectionFailed,
                $"{where} failed after {attempts} attempt(s): {Describe(exception)}: check the network, proxy and endpoint",
                0,
                null,
                attempts,
                exception);
    }

    private static string Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException or OperationCanceledException => "timed out",
        HttpRequestException { HttpRequestError: var kind } => $"connection fault ({kind})",
        IOException => "connection fault (I/O)",
        _ => exception.GetType().Name,
    };

    /// <summary>Where and how one request is sent: path below the endpoint, content type, and the JSON-1.1 target header (null for other protocols).</summary>
    protected sealed record WireRequest(string Path, string ContentType, string? Target);

    /// <summary>An AWS error as the service reported it.</summary>
    internal sealed record ServiceError(string ErrorCode, string Message, string? RequestId);

    /// <summary>The buffered outcome of one HTTP attempt; the body is read before the connection is released.</summary>
    private sealed record AttemptResult(HttpStatusCode Status, string Body, ServiceError? Error, DateTimeOffset? ServerDate);
}
