using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GovCfct.Testing;

/// <summary>
/// The one in-process HTTP/1.1 endpoint on 127.0.0.1 for tests (raw sockets, so faults are real: TCP resets,
/// stalls) that answers each request with the next scripted behaviour and records what it received.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Func<FaultContext, Task>> _script = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>What each request carried, in order of arrival.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answer when the script is exhausted.</summary>
    public Func<FaultContext, Task> Fallback { get; set; } = ctx => Json(ctx, 200, "{}");

    public LoopbackHttpServer Then(Func<FaultContext, Task> behaviour)
    {
        _script.Enqueue(behaviour);
        return this;
    }

    public static Task Json(FaultContext context, int status, string body, string? errorType = null) =>
        Respond(context, status, body, errorType is null ? [] : [("x-amzn-ErrorType", errorType)]);

    /// <summary>Answers with a body (JSON-1.1 unless a Content-Type is given) and any extra headers (a Date header, for example).</summary>
    public static async Task Respond(FaultContext context, int status, string body, IEnumerable<(string Name, string Value)> headers)
    {
        var extra = headers.ToList();
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"x-amzn-RequestId: req-{status}\r\n");
        if (!extra.Any(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Content-Type: application/x-amz-json-1.1\r\n");
        }

        foreach (var (name, value) in extra)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n")
            .Append("Connection: close\r\n\r\n");
        await context.Stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await context.Stream.WriteAsync(bytes);
        await context.Stream.FlushAsync();
    }

    public static Task Throttle(FaultContext context) =>
        Json(context, 400, """{"__type":"com.amazonaws.organizations#TooManyRequestsException","Message":"Rate exceeded"}""");

    public static Task ServerError(FaultContext context) =>
        Json(context, 500, """{"__type":"ServiceException","message":"internal failure"}""");

    /// <summary>Resets the TCP connection (RST) without a response.</summary>
    public static Task Reset(FaultContext context)
    {
        context.Client.Client.LingerState = new LingerOption(true, 0);
        context.Client.Client.Close();
        return Task.CompletedTask;
    }

    /// <summary>Never answers within any sane timeout.</summary>
    public static Task Stall(FaultContext context) => Task.Delay(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                Requests.Enqueue(request);
                var behaviour = _script.TryDequeue(out var next) ? next : Fallback;
                await behaviour(new FaultContext(client, stream, request)).WaitAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return new RecordedRequest(lines[0], headers, Encoding.UTF8.GetString(body));
    }
}

/// <summary>The connection a scripted behaviour answers on.</summary>
public sealed record FaultContext(TcpClient Client, NetworkStream Stream, RecordedRequest Request);

/// <summary>A request the endpoint received.</summary>
public sealed record RecordedRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>Free loopback ports for servers a test starts.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (closed again before it is returned).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
