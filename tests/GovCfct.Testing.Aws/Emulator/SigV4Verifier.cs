using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>
/// Recomputes an AWS Signature Version 4 independently of the product's signer (canonical request, string
/// to sign, HMAC key chain) with the secret the emulator knows, so a request signed wrongly fails like on AWS.
/// </summary>
internal static class SigV4Verifier
{
    /// <summary>Returns the access key id of a correctly signed request, or throws the 403 error AWS returns.</summary>
    public static string Verify(HttpListenerRequest request, byte[] body, string signingName, Func<string, string?> secretOf, DateTimeOffset now)
    {
        var authorization = request.Headers["Authorization"]
            ?? throw new EmulatedAwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
        const string algorithm = "AWS4-HMAC-SHA256";
        if (!authorization.StartsWith(algorithm + " ", StringComparison.Ordinal))
        {
            throw new EmulatedAwsError("IncompleteSignatureException", "Unsupported signature algorithm.", 403);
        }

        var parts = authorization[(algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
        {
            throw new EmulatedAwsError("IncompleteSignatureException", "Authorization header requires Credential, SignedHeaders and Signature.", 403);
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw new EmulatedAwsError("IncompleteSignatureException", "Credential scope is malformed.", 403);
        }

        var (accessKey, date, region, service) = (scope[0], scope[1], scope[2], scope[3]);
        if (service != signingName)
        {
            throw new EmulatedAwsError("InvalidSignatureException", $"Credential should be scoped to correct service: '{signingName}'.", 403);
        }

        var secret = secretOf(accessKey)
            ?? throw new EmulatedAwsError("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
        var amzDate = request.Headers["X-Amz-Date"]
            ?? throw new EmulatedAwsError("IncompleteSignatureException", "X-Amz-Date is required.", 403);
        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            throw new EmulatedAwsError("InvalidSignatureException", "Date in Credential scope does not match X-Amz-Date.", 403);
        }

        // "Elements of an AWS API request signature" (IAM User Guide): a request whose time stamp is more than five
        // minutes from AWS's time is refused, so a captured request cannot be replayed later.
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw new EmulatedAwsError("IncompleteSignatureException", $"X-Amz-Date '{amzDate}' is not in the basic ISO 8601 format.", 403);
        }

        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        if (signedAt < now - TimeSpan.FromMinutes(5))
        {
            throw new EmulatedAwsError("InvalidSignatureException", $"Signature expired: {amzDate} is now earlier than {(now - TimeSpan.FromMinutes(5)).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)} ({stamp} - 5 min.)", 403);
        }

        if (signedAt > now + TimeSpan.FromMinutes(5))
        {
            throw new EmulatedAwsError("InvalidSignatureException", $"Signature not yet current: {amzDate} is still later than {(now + TimeSpan.FromMinutes(5)).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)} ({stamp} + 5 min.)", 403);
        }

        var headerNames = signedHeaders.Split(';');
        if (!headerNames.Contains("host") || !headerNames.Contains("x-amz-date"))
        {
            throw new EmulatedAwsError("InvalidSignatureException", "host and x-amz-date must be signed.", 403);
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in headerNames)
        {
            var value = name == "host" ? request.Headers["Host"] : request.Headers[name];
            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', (value ?? string.Empty).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        var payloadHash = Hex(SHA256.HashData(body));
        var path = request.Url!.AbsolutePath.Length == 0 ? "/" : request.Url.AbsolutePath;
        var canonicalRequest = string.Join('\n', request.HttpMethod, path, CanonicalQuery(request.Url.Query), canonicalHeaders.ToString(), signedHeaders, payloadHash);
        var stringToSign = string.Join('\n', algorithm, amzDate, $"{date}/{region}/{service}/aws4_request", Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw new EmulatedAwsError("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.", 403);
        }

        return accessKey;
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return string.Empty;
        }

        return string.Join('&', query.TrimStart('?').Split('&').Order(StringComparer.Ordinal));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);
}
