using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace GovCfct.Cli.Tests.Support;

/// <summary>
/// The IAM Identity Center portal (<c>portal.sso.REGION.amazonaws.com</c>) on a loopback port: it serves
/// GetRoleCredentials as the vendored botocore model (Models/sso.model.json) defines it — method, path, the
/// required query-string and header members — and answers with the model's error shapes otherwise. A bearer
/// token other than the one it issued is <c>UnauthorizedException</c>, an unknown account or role
/// <c>ResourceNotFoundException</c>.
/// </summary>
public sealed class SsoPortal : IAsyncDisposable
{
    private static readonly JsonObject Model = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Support", "Models", "sso.model.json")))!.AsObject();

    private readonly LoopbackHttpServer _server = new();
    private readonly string _token;
    private readonly string _accountId;
    private readonly string _roleName;
    private readonly Func<JsonObject> _credentials;

    /// <param name="credentials">The role credentials to hand out (members of the model's RoleCredentials shape).</param>
    public SsoPortal(string token, string accountId, string roleName, Func<JsonObject> credentials)
    {
        _token = token;
        _accountId = accountId;
        _roleName = roleName;
        _credentials = credentials;
        _server.Fallback = ServeAsync;
    }

    public Uri Endpoint => _server.Endpoint;

    /// <summary>Every request and how it was answered (<c>GetRoleCredentials</c> or <c>!ErrorShape</c>).</summary>
    public ConcurrentQueue<string> Answers { get; } = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task ServeAsync(FaultContext context)
    {
        var operation = Model["operations"]!["GetRoleCredentials"]!;
        var http = operation["http"]!;
        var parts = context.Request.RequestLine.Split(' ');
        var target = new Uri(new Uri("http://portal/"), parts[1]);
        if (parts[0] != http["method"]!.GetValue<string>() || target.AbsolutePath != http["requestUri"]!.GetValue<string>())
        {
            return Error(context, "InvalidRequestException", $"{parts[0]} {target.AbsolutePath} is not an operation of this API");
        }

        var query = (target.Query.Length > 0 ? target.Query[1..] : string.Empty)
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);
        var input = Model["shapes"]![operation["input"]!["shape"]!.GetValue<string>()]!;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, member) in input["members"]!.AsObject())
        {
            var location = member!["location"]!.GetValue<string>();
            var wire = member["locationName"]!.GetValue<string>();
            var value = location switch
            {
                "querystring" => query.GetValueOrDefault(wire),
                "header" => context.Request.Headers.GetValueOrDefault(wire),
                _ => throw new InvalidOperationException($"location {location} is not served by this portal"),
            };
            if (value is not null)
            {
                values[name] = value;
            }
        }

        var missing = input["required"]!.AsArray().Select(r => r!.GetValue<string>()).Where(r => !values.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            return Error(context, "InvalidRequestException", "missing required member(s): " + string.Join(", ", missing));
        }

        if (values["accessToken"] != _token)
        {
            return Error(context, "UnauthorizedException", "Session token not found or invalid");
        }

        if (values["accountId"] != _accountId || values["roleName"] != _roleName)
        {
            return Error(context, "ResourceNotFoundException", "No access");
        }

        var credentials = _credentials();
        var allowed = Model["shapes"]!["RoleCredentials"]!["members"]!.AsObject().Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        if (credentials.Select(c => c.Key).FirstOrDefault(k => !allowed.Contains(k)) is { } extra)
        {
            throw new InvalidOperationException($"the test's credentials carry {extra}, which RoleCredentials does not have");
        }

        Answers.Enqueue("GetRoleCredentials");
        var body = new JsonObject { ["roleCredentials"] = credentials.DeepClone() };
        return LoopbackHttpServer.Respond(context, 200, body.ToJsonString(), [("Content-Type", "application/json")]);
    }

    private Task Error(FaultContext context, string shape, string message)
    {
        Answers.Enqueue("!" + shape);
        var status = Model["shapes"]![shape]!["error"]!["httpStatusCode"]!.GetValue<int>();
        var body = new JsonObject { ["message"] = message }.ToJsonString();
        return LoopbackHttpServer.Respond(context, status, body, [("x-amzn-ErrorType", shape)]);
    }

    /// <summary>Milliseconds since the epoch, as the model's ExpirationTimestampType (a long) carries it.</summary>
    public static long Expiration(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
}
