using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>A fault the next matching request meets instead of being served.</summary>
internal enum Fault
{
    Throttling,
    InternalError,
    ConnectionReset,

    /// <summary>The request is served (state changes) but the connection drops before the response: the client cannot know it landed.</summary>
    ResetAfterServing,
}

/// <summary>Who may call the emulator: an access key, its secret (to verify signatures) and the caller's ARN.</summary>
internal sealed record EmulatorIdentity(string AccessKeyId, string SecretAccessKey, string Arn)
{
    /// <summary>Identity policies IAM evaluates for this caller (<see cref="IamPolicyEvaluator"/>); null: every call allowed.</summary>
    public IReadOnlyList<string>? Policies { get; init; }

    /// <summary>The role's permissions boundary, if any: a call must be allowed by <see cref="Policies"/> and by it.</summary>
    public string? PermissionsBoundary { get; init; }
}

/// <summary>One service behind the emulator: its model and the handler of its operations.</summary>
internal interface IEmulatedService
{
    ServiceModel Model { get; }

    JsonNode Handle(string operation, JsonElement input, EmulatorIdentity caller);

    /// <summary>The resource ARN and condition keys IAM evaluates for this request (the service's authorization reference).</summary>
    AuthorizationRequest Authorization(string operation, JsonElement input);
}

/// <summary>
/// An in-process AWS endpoint on 127.0.0.1 for the JSON-1.1, query (form in, XML out) and rest-json protocols:
/// verifies SigV4, checks every request against the botocore model, dispatches to in-memory services, and injects
/// faults on demand. Every call is recorded
/// (operation and caller only) so tests can assert what was and was not sent.
/// </summary>
internal sealed class AwsEmulatorServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<IEmulatedService> _services;
    private readonly ConcurrentDictionary<string, EmulatorIdentity> _identities = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string? Operation, Fault Fault)> _faults = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly ConcurrentQueue<(string CallerArn, string Action)> _served = new();
    private readonly ConcurrentDictionary<string, Action> _before = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public AwsEmulatorServer(params IEmulatedService[] services)
    {
        _services = [.. services];
        var port = GovCfct.Testing.LoopbackPort.Free();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>How far the emulated service's clock is from this machine's: it checks signature times and answers Date by it.</summary>
    public TimeSpan ClockOffset { get; set; }

    private DateTimeOffset Now => DateTimeOffset.UtcNow + ClockOffset;

    /// <summary>Operations served or refused, in order, as <c>Operation</c> or <c>Operation!ErrorType</c>.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Raw request bodies (tests check that no secret ever travels in a body).</summary>
    public IReadOnlyList<string> Bodies => [.. _bodies];

    /// <summary>Signed calls as IAM would authorize them: caller ARN and action (<c>codecommit:CreateCommit</c>).</summary>
    public IReadOnlyList<(string CallerArn, string Action)> Served => [.. _served];

    public void AddIdentity(EmulatorIdentity identity) => _identities[identity.AccessKeyId] = identity;

    /// <summary>The next request (of <paramref name="operation"/>, or any) fails with <paramref name="fault"/>.</summary>
    public void Inject(Fault fault, string? operation = null) => _faults.Enqueue((operation, fault));

    /// <summary>Runs <paramref name="action"/> once, just before the next <paramref name="operation"/> is served (a concurrent change).</summary>
    public void Before(string operation, Action action) => _before[operation] = action;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Closing re-resolves the port's endpoint and can collide with a listener another test just opened on
            // a recycled port; the listener is stopped either way.
        }

        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;

        // Every AWS answer carries the service's time; SDKs correct their clock skew from it.
        response.Headers["Date"] = Now.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        request.InputStream.CopyTo(buffer);
        var body = buffer.ToArray();
        var text = Encoding.UTF8.GetString(body);
        var target = request.Headers["X-Amz-Target"] ?? string.Empty;
        var contentType = request.ContentType ?? string.Empty;
        _bodies.Enqueue(text);

        // The protocol decides where the operation name is: the target header (json), the Action field (query), the path (rest-json).
        IEmulatedService? service;
        string operation;
        Dictionary<string, string>? form = null;
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        if (target.Length > 0)
        {
            operation = dot < 0 ? target : target[(dot + 1)..];
            service = dot < 0 ? null : _services.FirstOrDefault(s => s.Model.Protocol == "json" && s.Model.TargetPrefix == target[..dot]);
        }
        else if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            form = QueryProtocol.ParseForm(text);
            operation = form.GetValueOrDefault("Action") ?? string.Empty;
            service = _services.FirstOrDefault(s => s.Model.Protocol == "query" && s.Model.HasOperation(operation));
        }
        else
        {
            var path = request.Url?.AbsolutePath ?? "/";
            service = _services.FirstOrDefault(s => s.Model.Protocol == "rest-json" && s.Model.RestOperation(request.HttpMethod, path) is not null);
            operation = service?.Model.RestOperation(request.HttpMethod, path) ?? path;
        }

        var protocol = service?.Model.Protocol ?? (form is not null ? "query" : "json");
        var fault = TakeFault(operation);
        if (fault is Fault.Throttling or Fault.InternalError or Fault.ConnectionReset)
        {
            _calls.Enqueue($"{operation}!{fault}");
            switch (fault)
            {
                case Fault.ConnectionReset:
                    Drop(response);
                    return;
                case Fault.Throttling:
                    WriteError(response, protocol, 400, protocol == "query" ? "Throttling" : "ThrottlingException", "Rate exceeded");
                    return;
                default:
                    WriteError(response, protocol, 500, "InternalFailure", "We encountered an internal error. Please try again.");
                    return;
            }
        }

        try
        {
            if (request.HttpMethod != "POST")
            {
                throw new EmulatedAwsError("UnknownOperationException", "Expected POST.");
            }

            if (service is null)
            {
                throw new EmulatedAwsError("UnknownOperationException", $"No emulated service serves '{operation}' ({protocol}).");
            }

            var expectedType = protocol switch { "json" => "application/x-amz-json-1.1", "query" => "application/x-www-form-urlencoded", _ => "application/json" };
            if (!contentType.StartsWith(expectedType, StringComparison.Ordinal))
            {
                throw new EmulatedAwsError("SerializationException", $"Content-Type must be {expectedType}, not '{contentType}'.");
            }

            var accessKey = SigV4Verifier.Verify(request, body, service.Model.SigningName, k => _identities.TryGetValue(k, out var id) ? id.SecretAccessKey : null, Now);

            // IAM authorizes a call before the service answers it, whatever the answer is.
            _served.Enqueue((_identities[accessKey].Arn, $"{service.Model.SigningName}:{operation}"));
            JsonDocument document;
            try
            {
                document = form is not null
                    ? JsonDocument.Parse(QueryProtocol.ToJson(service.Model, operation, form).ToJsonString())
                    : JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            }
            catch (JsonException)
            {
                throw new EmulatedAwsError("SerializationException", "Request body is not JSON.");
            }

            using (document)
            {
                service.Model.ValidateInput(operation, document.RootElement);
                if (_identities[accessKey].Policies is { } policies)
                {
                    AuthorizationRequest authorization;
                    lock (service)
                    {
                        authorization = service.Authorization(operation, document.RootElement);
                    }

                    if (!IamPolicyEvaluator.IsAllowed(policies, _identities[accessKey].PermissionsBoundary, authorization))
                    {
                        throw new EmulatedAwsError(
                            "AccessDeniedException",
                            $"User: {_identities[accessKey].Arn} is not authorized to perform: {authorization.Action} on resource: {authorization.Resource} because no identity-based policy allows the {authorization.Action} action");
                    }
                }

                if (_before.TryRemove(operation, out var before))
                {
                    lock (service)
                    {
                        before();
                    }
                }

                JsonNode output;
                lock (service)
                {
                    output = service.Handle(operation, document.RootElement, _identities[accessKey]);
                }

                using var check = JsonDocument.Parse(output.ToJsonString());
                service.Model.ValidateOutput(operation, check.RootElement);
                if (fault == Fault.ResetAfterServing)
                {
                    _calls.Enqueue($"{operation}!{fault}");
                    Drop(response);
                    return;
                }

                _calls.Enqueue(operation);
                if (protocol == "query")
                {
                    WriteXml(response, 200, QueryProtocol.ToXml(service.Model, operation, check.RootElement, Guid.NewGuid().ToString()));
                }
                else
                {
                    Write(response, 200, output, protocol == "json" ? "application/x-amz-json-1.1" : "application/json");
                }
            }
        }
        catch (EmulatedAwsError error)
        {
            _calls.Enqueue($"{operation}!{error.Type}");
            WriteError(response, protocol, error.Status, error.Type, error.Message);
        }
        catch (Exception ex)
        {
            _calls.Enqueue($"{operation}!emulator-bug");
            WriteError(response, protocol, 500, "EmulatorBug", ex.ToString());
        }
    }

    private static void WriteError(HttpListenerResponse response, string protocol, int status, string type, string message)
    {
        if (protocol == "query")
        {
            WriteXml(response, status, QueryProtocol.Error(type, message, Guid.NewGuid().ToString()));
            return;
        }

        if (protocol == "rest-json")
        {
            response.Headers["x-amzn-ErrorType"] = type;
        }

        Write(response, status, new JsonObject { ["__type"] = type, ["message"] = message }, protocol == "json" ? "application/x-amz-json-1.1" : "application/json");
    }

    private static void WriteXml(HttpListenerResponse response, int status, System.Xml.Linq.XElement body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToString(System.Xml.Linq.SaveOptions.DisableFormatting));
        response.StatusCode = status;
        response.ContentType = "text/xml";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    private Fault? TakeFault(string operation)
    {
        if (_faults.TryPeek(out var next) && (next.Operation is null || next.Operation == operation) && _faults.TryDequeue(out next))
        {
            return next.Fault;
        }

        return null;
    }

    // HttpListener's Abort alone may still answer "200, no body"; promising a body and cutting it off is a real drop.
    private static void Drop(HttpListenerResponse response)
    {
        response.StatusCode = 200;
        response.ContentLength64 = 4096;
        response.OutputStream.Write("{\""u8);
        response.OutputStream.Flush();
        response.Abort();
    }

    private static void Write(HttpListenerResponse response, int status, JsonNode body, string contentType = "application/x-amz-json-1.1")
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }
}
