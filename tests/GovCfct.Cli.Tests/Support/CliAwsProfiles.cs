using System.Runtime.CompilerServices;
using GovCfct.Testing.Aws.CodeCommit;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Cli.Tests.Support;

/// <summary>
/// The in-memory CLI tests' AWS profiles, written once before any test runs. The variables that point the SDK at
/// its config and credentials files are process-wide; setting them from a test class's constructor let a test that
/// touched the SDK first, or a profile appended while another test read the file, decide which tests saw a region.
/// </summary>
public static class CliAwsProfiles
{
    /// <summary>moto's account, with region ap-northeast-1 in the config file.</summary>
    public const string Moto = "govcfct-test";

    /// <summary>The CodeCommit emulator's publisher identity (no region: the tests pass --region).</summary>
    public const string Publisher = "govcfct-emulator-publisher";

    [ModuleInitializer]
    internal static void Write()
    {
        var folder = Directory.CreateTempSubdirectory("govcfct-aws-config-");
        var credentials = Path.Combine(folder.FullName, "credentials");
        var config = Path.Combine(folder.FullName, "config");
        var publisher = CodeCommitWorld.Publisher;
        File.WriteAllText(
            credentials,
            $"[{Moto}]\naws_access_key_id = {TestAccounts.AccessKey}\naws_secret_access_key = {TestAccounts.SecretKey}\n\n"
            + $"[{Publisher}]\naws_access_key_id = {publisher.AccessKeyId}\naws_secret_access_key = {publisher.SecretAccessKey}\n");
        File.WriteAllText(config, $"[profile {Moto}]\nregion = ap-northeast-1\n");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", credentials);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", config);
    }
}
