using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using GovCfct.Aws.Http;

namespace GovCfct.Testing.Aws.Infrastructure;

/// <summary>
/// Signed calls to AWS query-protocol APIs (IAM) for test setup, through the product's signer; there is no
/// IAM SDK package here.
/// </summary>
public sealed class QueryClient(Uri endpoint, string service, string version, AWSCredentials credentials) : IDisposable
{
    private readonly HttpClient _http = new();

    public async Task<XDocument> CallAsync(string action, IReadOnlyDictionary<string, string> parameters)
    {
        var form = new Dictionary<string, string>(parameters) { ["Action"] = action, ["Version"] = version };
        var body = Encoding.UTF8.GetBytes(string.Join("&", form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        var immutable = await credentials.GetCredentialsAsync();
        var headers = AwsRequestSigner.Sign(endpoint, service, "us-east-1", new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" }, body, immutable, DateTime.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{service} {action} failed: HTTP {(int)response.StatusCode}: {text}");
        }

        return XDocument.Parse(text);
    }

    public void Dispose() => _http.Dispose();
}
