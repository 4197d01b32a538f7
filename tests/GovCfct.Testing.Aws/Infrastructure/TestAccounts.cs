using System.Security.Cryptography;
using Amazon.Runtime;

namespace GovCfct.Testing.Aws.Infrastructure;

/// <summary>Test credentials and per-test account isolation; the secrets are fake and only meaningful to moto.</summary>
public static class TestAccounts
{
    public const string Region = "ap-northeast-1";

    public const string AccessKey = "AKIAIOSFODNN7EXAMPLE";

    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";

    public const string SessionToken = "FwoGZXIvYXdzEXAMPLESESSIONTOKENdoNotLeakMe";

    public static AWSCredentials Basic => new BasicAWSCredentials(AccessKey, SecretKey);

    public static AWSCredentials Session => new SessionAWSCredentials(AccessKey, SecretKey, SessionToken);

    /// <summary>A random 12-digit account id so tests on a shared moto do not see each other's organization.</summary>
    public static string NewAccountId() =>
        string.Concat(Enumerable.Range(0, 12).Select(i => (char)('0' + (i == 0 ? RandomNumberGenerator.GetInt32(1, 10) : RandomNumberGenerator.GetInt32(10)))));
}

/// <summary>Sends moto's <c>x-moto-account-id</c> header so each test works in its own moto account.</summary>
public sealed class MotoAccountHandler(string accountId) : DelegatingHandler(new SocketsHttpHandler())
{
    public string AccountId { get; } = accountId;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("x-moto-account-id", AccountId);
        return base.SendAsync(request, cancellationToken);
    }
}
