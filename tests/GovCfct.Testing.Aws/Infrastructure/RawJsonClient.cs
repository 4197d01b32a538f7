using System.Text.Json;
using GovCfct.Aws.Http;

namespace GovCfct.Testing.Aws.Infrastructure;

/// <summary>Calls any operation of a JSON-1.1 service through the product's base client (for setting up moto).</summary>
public sealed class RawJsonClient(AwsJsonService service, AwsClientOptions options, HttpMessageHandler? handler = null)
    : AwsJsonClient(service, options, handler)
{
    public Task<JsonElement> CallAsync(string operation, object request, CancellationToken cancellationToken = default) =>
        InvokeAsync<JsonElement>(operation, request, cancellationToken);
}
