using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using GovCfct.Aws.Organizations;
using GovCfct.Testing.Aws.Infrastructure;
using GovCfct.Aws.Http;

namespace GovCfct.Cli.Tests.ChildProcess;

/// <summary>
/// An IAM Identity Center (SSO) profile, end to end in a child <c>govcfct</c>: the SDK's chain reads the cached
/// token from HOME/.aws/sso/cache, trades it at the portal (model-checked, Support/SsoPortal.cs) for role
/// credentials of a role in a moto that verifies SigV4 signatures and evaluates IAM policies, and
/// <c>org snapshot</c> signs its calls with them. Without a valid token the command fails with GCF4006.
/// </summary>
public sealed class SsoProfileTests(SsoMoto moto) : IClassFixture<SsoMoto>, IDisposable
{
    private const string Profile = "govcfct-sso";
    private const string Session = "govcfct";
    private const string Token = "aoaAAAAAGovCfctTestBearerToken";

    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("govcfct-sso-home-");

    public void Dispose() => _home.Delete(recursive: true);

    [Fact]
    public async Task A_cached_sso_token_yields_role_credentials_whose_signed_calls_moto_accepts()
    {
        await using var portal = new SsoPortal(Token, SsoMoto.AccountId, SsoMoto.RoleName, () => moto.RoleCredentials);
        WriteConfig();
        WriteToken(DateTimeOffset.UtcNow.AddHours(1));
        var file = Path.Combine(_home.FullName, "org.json");

        var result = await CliProcess.RunAsync(Environment(portal), "org", "snapshot", "--profile", Profile, "--endpoint-url", moto.Endpoint.ToString(), "--out", file);

        result.Exit.Should().Be(0, result.Err);
        portal.Answers.Should().Equal(["GetRoleCredentials"], "the SDK trades the cached token once for the role's credentials");
        File.ReadAllText(file).Should().Contain(moto.RootId, "the snapshot was read from moto with the role's credentials");
    }

    [Fact]
    public async Task Credentials_that_sign_wrongly_are_refused_by_moto_so_the_signature_is_really_checked()
    {
        await using var portal = new SsoPortal(Token, SsoMoto.AccountId, SsoMoto.RoleName, () =>
        {
            var wrong = moto.RoleCredentials;
            wrong["secretAccessKey"] = "not-the-secret-moto-issued-for-this-key0";
            return wrong;
        });
        WriteConfig();
        WriteToken(DateTimeOffset.UtcNow.AddHours(1));

        var result = await CliProcess.RunAsync(Environment(portal), "org", "snapshot", "--profile", Profile, "--endpoint-url", moto.Endpoint.ToString());

        result.Exit.Should().Be(3, result.Err);
        result.Err.Should().Contain("GCF4005");
    }

    [Fact]
    public async Task No_cached_token_is_GCF4006_with_the_login_command_and_exit_3()
    {
        await using var portal = new SsoPortal(Token, SsoMoto.AccountId, SsoMoto.RoleName, () => moto.RoleCredentials);
        WriteConfig();

        var result = await CliProcess.RunAsync(Environment(portal), "org", "snapshot", "--profile", Profile, "--endpoint-url", moto.Endpoint.ToString());

        result.Exit.Should().Be(3, result.Err);
        result.Err.Should().Contain("error GCF4006").And.Contain($"aws sso login --profile {Profile}").And.NotContain("   at ");
        portal.Answers.Should().BeEmpty("without a token there is nothing to trade");
    }

    [Fact]
    public async Task An_expired_token_is_GCF4006_too()
    {
        await using var portal = new SsoPortal(Token, SsoMoto.AccountId, SsoMoto.RoleName, () => moto.RoleCredentials);
        WriteConfig();
        WriteToken(DateTimeOffset.UtcNow.AddHours(-2));

        var result = await CliProcess.RunAsync(Environment(portal), "org", "snapshot", "--profile", Profile, "--endpoint-url", moto.Endpoint.ToString());

        result.Exit.Should().Be(3, result.Err);
        result.Err.Should().Contain("error GCF4006").And.Contain("aws sso login");
    }

    private Dictionary<string, string?> Environment(SsoPortal portal) => new()
    {
        ["HOME"] = _home.FullName,
        ["AWS_CONFIG_FILE"] = Path.Combine(_home.FullName, ".aws", "config"),
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home.FullName, ".aws", "credentials"),
        ["AWS_ENDPOINT_URL_SSO"] = portal.Endpoint.ToString().TrimEnd('/'),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    private void WriteConfig()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_home.FullName, ".aws"));
        File.WriteAllText(Path.Combine(folder.FullName, "config"), $"""
            [profile {Profile}]
            sso_session = {Session}
            sso_account_id = {SsoMoto.AccountId}
            sso_role_name = {SsoMoto.RoleName}
            region = ap-northeast-1

            [sso-session {Session}]
            sso_start_url = https://d-9067000000.awsapps.com/start
            sso_region = ap-northeast-1
            sso_registration_scopes = sso:account:access

            """);
    }

    /// <summary>The token file 'aws sso login' leaves: ~/.aws/sso/cache/SHA1(session name).json.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The AWS CLI names its SSO token cache file by SHA-1; the test must write the same name.")]
    private void WriteToken(DateTimeOffset expiresAt)
    {
        var cache = Directory.CreateDirectory(Path.Combine(_home.FullName, ".aws", "sso", "cache"));
        var name = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Session))) + ".json";
        var token = new JsonObject
        {
            ["startUrl"] = "https://d-9067000000.awsapps.com/start",
            ["region"] = "ap-northeast-1",
            ["accessToken"] = Token,
            ["expiresAt"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        File.WriteAllText(Path.Combine(cache.FullName, name), token.ToJsonString());
    }
}

/// <summary>
/// A dedicated moto that checks signatures and IAM policies: the role an Identity Center permission set would
/// provision (read-only Organizations access), an organization, and a session of that role for the portal to hand out.
/// </summary>
public sealed class SsoMoto : IAsyncLifetime
{
    public const string AccountId = "123456789012";
    public const string RoleName = "AWSReservedSSO_GovCfctReader_0123456789abcdef";
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    private MotoServer _moto = null!;
    private JsonObject _credentials = null!;

    public Uri Endpoint => _moto.Endpoint;

    public string RootId { get; private set; } = string.Empty;

    /// <summary>A fresh copy of the role session's credentials in the portal's RoleCredentials shape.</summary>
    public JsonObject RoleCredentials => _credentials.DeepClone().AsObject();

    public async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync(new Dictionary<string, string> { ["INITIAL_NO_AUTH_ACTION_COUNT"] = "1000" });
        using (var iam = new QueryClient(_moto.Endpoint, "iam", "2010-05-08", TestAccounts.Basic))
        {
            await iam.CallAsync("CreateRole", new Dictionary<string, string>
            {
                ["RoleName"] = RoleName,
                ["AssumeRolePolicyDocument"] = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{AccountId}}:root"},"Action":"sts:AssumeRole"}]}""",
            });
            await iam.CallAsync("PutRolePolicy", new Dictionary<string, string>
            {
                ["RoleName"] = RoleName,
                ["PolicyName"] = "organizations-read",
                ["PolicyDocument"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["organizations:Describe*","organizations:List*"],"Resource":"*"}]}""",
            });
        }

        using (var sts = new QueryClient(_moto.Endpoint, "sts", "2011-06-15", TestAccounts.Basic))
        {
            var assumed = await sts.CallAsync("AssumeRole", new Dictionary<string, string>
            {
                ["RoleArn"] = $"arn:aws:iam::{AccountId}:role/{RoleName}",
                ["RoleSessionName"] = "someone@example.go.jp",
            });
            string Value(string name) => assumed.Descendants(Sts + name).First().Value;
            _credentials = new JsonObject
            {
                ["accessKeyId"] = Value("AccessKeyId"),
                ["secretAccessKey"] = Value("SecretAccessKey"),
                ["sessionToken"] = Value("SessionToken"),
                ["expiration"] = SsoPortal.Expiration(DateTimeOffset.UtcNow.AddHours(1)),
            };
        }

        var options = new AwsClientOptions("ap-northeast-1", _moto.Endpoint, MaxAttempts: 1) { Credentials = TestAccounts.Basic };
        using (var admin = new RawJsonClient(OrganizationsClient.ServiceDescription, options))
        {
            await admin.CallAsync("CreateOrganization", new { FeatureSet = "ALL" });
            RootId = (await admin.CallAsync("ListRoots", new { })).GetProperty("Roots")[0].GetProperty("Id").GetString()!;
        }

        using var http = new HttpClient();
        using var reset = await http.PostAsync(new Uri(_moto.Endpoint, "moto-api/reset-auth"), new StringContent("0"));
        reset.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _moto.DisposeAsync();
}
