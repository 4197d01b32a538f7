using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Aws.Tests.Emulator;

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
internal sealed record EmulatorIdentity(string AccessKeyId, string SecretAccessKey, string Arn);

/// <summary>One service behind the emulator: its model and the handler of its operations.</summary>
internal interface IEmulatedService
{
    ServiceModel Model { get; }

    JsonNode Handle(string operation, JsonElement input, EmulatorIdentity caller);
}

/// <summary>
/// An in-process AWS JSON-1.1 endpoint on 127.0.0.1: verifies SigV4, checks every request against the
/// botocore model, dispatches to in-memory services, and injects faults on demand. Every call is recorded
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
        _listener.Stop();
        _listener.Close();
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
        using var buffer = new MemoryStream();
        request.InputStream.CopyTo(buffer);
        var body = buffer.ToArray();
        var target = request.Headers["X-Amz-Target"] ?? string.Empty;
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        var operation = dot < 0 ? target : target[(dot + 1)..];
        _bodies.Enqueue(Encoding.UTF8.GetString(body));

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
                    Write(response, 400, new JsonObject { ["__type"] = "ThrottlingException", ["message"] = "Rate exceeded" });
                    return;
                default:
                    Write(response, 500, new JsonObject { ["__type"] = "InternalFailure", ["message"] = "We encountered an internal error. Please try again." });
                    return;
            }
        }

        try
        {
            if (request.HttpMethod != "POST" || dot < 0)
            {
                throw new EmulatedAwsError("UnknownOperationException", "Expected POST with X-Amz-Target.");
            }

            var service = _services.FirstOrDefault(s => s.Model.TargetPrefix == target[..dot])
                ?? throw new EmulatedAwsError("UnknownOperationException", $"No service for target {target}.");
            var contentType = request.ContentType ?? string.Empty;
            if (!contentType.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal))
            {
                throw new EmulatedAwsError("SerializationException", $"Content-Type must be application/x-amz-json-1.1, not '{contentType}'.");
            }

            var accessKey = SigV4Verifier.Verify(request, body, service.Model.SigningName, k => _identities.TryGetValue(k, out var id) ? id.SecretAccessKey : null);

            // IAM authorizes a call before the service answers it, whatever the answer is.
            _served.Enqueue((_identities[accessKey].Arn, $"{service.Model.SigningName}:{operation}"));
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            }
            catch (JsonException)
            {
                throw new EmulatedAwsError("SerializationException", "Request body is not JSON.");
            }

            using (document)
            {
                service.Model.ValidateInput(operation, document.RootElement);
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
                Write(response, 200, output);
            }
        }
        catch (EmulatedAwsError error)
        {
            _calls.Enqueue($"{operation}!{error.Type}");
            Write(response, error.Status, new JsonObject { ["__type"] = error.Type, ["message"] = error.Message });
        }
        catch (Exception ex)
        {
            _calls.Enqueue($"{operation}!emulator-bug");
            Write(response, 500, new JsonObject { ["__type"] = "EmulatorBug", ["message"] = ex.ToString() });
        }
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

    private static void Write(HttpListenerResponse response, int status, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.StatusCode = status;
        response.ContentType = "application/x-amz-json-1.1";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }
}
