using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>
/// Sends hand-made JSON-1.1 requests to the emulator, signed by test code, so the emulator's own checks can be
/// tested with bodies the product would never send.
/// </summary>
internal sealed class RawSignedClient(Uri endpoint, EmulatorIdentity identity) : IDisposable
{
    private readonly HttpClient _http = new();

    public async Task<(int Status, JsonElement Body)> SendAsync(string target, string service, string json, string? secretOverride = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", target);
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        request.Headers.Add("X-Amz-Date", amzDate);
        var host = endpoint.Authority;
        var canonicalHeaders = $"host:{host}\nx-amz-date:{amzDate}\nx-amz-target:{target}\n";
        const string signed = "host;x-amz-date;x-amz-target";
        var canonical = string.Join('\n', "POST", "/", string.Empty, canonicalHeaders, signed, Hex(SHA256.HashData(body)));
        var scope = $"{date}/ap-northeast-1/{service}/aws4_request";
        var toSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Encoding.UTF8.GetBytes("AWS4" + (secretOverride ?? identity.SecretAccessKey));
        foreach (var part in new[] { date, "ap-northeast-1", service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={identity.AccessKeyId}/{scope}, SignedHeaders={signed}, Signature={signature}");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public Task<(int Status, JsonElement Body)> CodeCommitAsync(string operation, string json, string? secretOverride = null) =>
        SendAsync("CodeCommit_20150413." + operation, "codecommit", json, secretOverride);

    public void Dispose() => _http.Dispose();

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
