using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GovCfct.Testing;

/// <summary>
/// moto's EventBridge and CloudWatch Logs, the independent oracle the event-pattern tests match against. The moto
/// server itself (CI's from GOVCFCT_MOTO_ENDPOINT, or one started here) comes from GovCfct.Testing, on first use,
/// so tests that never call it never need it.
/// </summary>
public sealed class MotoEvents : IDisposable
{
    public const string AccountId = "123456789012";
    public const string Region = "ap-northeast-1";

    private readonly HttpClient _http = new();
    private readonly Lazy<MotoServer> _server = new(() => MotoServer.SharedOrStartAsync().GetAwaiter().GetResult(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>moto's base address.</summary>
    public Uri Endpoint => _server.Value.Endpoint;

    /// <summary>A SigV4-signed JSON-1.1 call (moto accepts any key; the request is shaped as AWS expects it).</summary>
    public JsonNode Call(string service, string target, JsonObject body)
    {
        var payload = body.ToJsonString();
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var host = Endpoint.Authority;
        var payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
        const string signedHeaders = "content-type;host;x-amz-date;x-amz-target";
        var canonical = $"POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:{host}\nx-amz-date:{amzDate}\nx-amz-target:{target}\n\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{Region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + "testing-secret");
        foreach (var part in new[] { date, Region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = new StringContent(payload, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", target);
        request.Headers.Add("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        using var response = _http.Send(request);
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{target} failed with {(int)response.StatusCode}: {text}");
        }

        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>
    /// True when the event pattern matches the event, decided by moto's EventBridge: a rule with the pattern
    /// targets a fresh log group, the event is put, and the group is read back. (moto 5.2 does not implement
    /// TestEventPattern, so delivery is the observable.)
    /// </summary>
    public bool Matches(string eventPattern, string source, string detailType, string detail, IReadOnlyList<string> resources)
    {
        var name = "govcfct-" + Guid.NewGuid().ToString("N")[..16];
        var bus = name + "-bus";
        Call("events", "AWSEvents.CreateEventBus", new JsonObject { ["Name"] = bus });
        Call("logs", "Logs_20140328.CreateLogGroup", new JsonObject { ["logGroupName"] = "/govcfct/" + name });
        Call("events", "AWSEvents.PutRule", new JsonObject { ["Name"] = name, ["EventBusName"] = bus, ["EventPattern"] = eventPattern, ["State"] = "ENABLED" });
        Call("events", "AWSEvents.PutTargets", new JsonObject
        {
            ["Rule"] = name,
            ["EventBusName"] = bus,
            ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "log", ["Arn"] = $"arn:aws:logs:{Region}:{AccountId}:log-group:/govcfct/{name}" }),
        });
        var put = Call("events", "AWSEvents.PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject
            {
                ["Source"] = source,
                ["DetailType"] = detailType,
                ["Detail"] = detail,
                ["Resources"] = new JsonArray([.. resources.Select(r => (JsonNode)JsonValue.Create(r)!)]),
                ["EventBusName"] = bus,
            }),
        });
        if (put["FailedEntryCount"]?.GetValue<int>() is > 0)
        {
            throw new InvalidOperationException("PutEvents rejected the sample event: " + put.ToJsonString());
        }

        var events = Call("logs", "Logs_20140328.FilterLogEvents", new JsonObject { ["logGroupName"] = "/govcfct/" + name });
        return events["events"]!.AsArray().Count > 0;
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_server.IsValueCreated)
        {
            _server.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
