namespace GovCfct.Cli.Tests.Commands;

/// <summary><c>govcfct schema</c> in memory: writes the schemas for the carried catalog plus the team's controls, reports what it did.</summary>
public sealed class SchemaCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-schema-cli-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Writes_into_the_definitions_schema_folder_then_reports_the_files_unchanged()
    {
        var manifest = Directory.CreateDirectory(Path.Combine(_work.FullName, "manifest")).FullName;
        var templates = TeamTemplates();

        var first = await CliRunner.Run("schema", "--definition", manifest, "-t", templates);

        first.Exit.Should().Be(0, first.Err);
        first.Out.Should().Contain("created").And.Contain("organization.schema.json").And.Contain("ou.schema.json");
        var ou = File.ReadAllText(Path.Combine(manifest, "schema", "ou.schema.json"));
        ou.Should().Contain("\"org-deny-public-ami\"").And.Contain("\"deny-regions\"").And.Contain("\"AllowedAmiOwners\"");

        var second = await CliRunner.Run("schema", "--definition", manifest, "-t", templates);

        second.Exit.Should().Be(0, second.Err);
        second.Out.Should().Contain("unchanged").And.NotContain("created").And.NotContain("  changed");
        File.ReadAllText(Path.Combine(manifest, "schema", "ou.schema.json")).Should().Be(ou);
    }

    [Fact]
    public async Task Out_chooses_the_folder_and_the_shipped_catalog_gives_the_committed_schemas()
    {
        var output = Path.Combine(_work.FullName, "elsewhere");

        var result = await CliRunner.Run("schema", "--definition", RepositoryRoot.Combine("manifest"), "-t", RepositoryRoot.Combine("templates"), "--out", output);

        result.Exit.Should().Be(0, result.Err);
        foreach (var name in new[] { "org-lock.schema.json", "organization.schema.json", "ou.schema.json" })
        {
            File.ReadAllBytes(Path.Combine(output, name)).Should().Equal(File.ReadAllBytes(RepositoryRoot.Combine("manifest", "schema", name)));
        }
    }

    [Fact]
    public async Task A_broken_team_control_is_the_catalogs_diagnostic_and_nothing_is_written()
    {
        var manifest = Directory.CreateDirectory(Path.Combine(_work.FullName, "manifest")).FullName;
        var templates = Directory.CreateDirectory(Path.Combine(_work.FullName, "templates", "org-broken")).Parent!.FullName;
        File.WriteAllText(Path.Combine(templates, "org-broken", "control.yaml"), "id: org-broken\nkind: scp\n");

        var result = await CliRunner.Run("schema", "--definition", manifest, "-t", templates);

        result.Exit.Should().Be(1);
        result.Err.Should().Contain("org-broken/control.yaml");
        Directory.Exists(Path.Combine(manifest, "schema")).Should().BeFalse();
    }

    private string TeamTemplates()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work.FullName, "templates", "org-deny-public-ami")).FullName;
        File.WriteAllText(Path.Combine(folder, "control.yaml"), """
            id: org-deny-public-ami
            kind: scp
            title:
              ja: 許可されていない AMI からの起動禁止
              en: Deny launching instances from AMIs of other owners
            description:
              ja: 許可された所有者以外の AMI からの起動を拒否します。
              en: Denies ec2:RunInstances from AMIs whose owner is not listed.
            parameters:
              - name: AllowedAmiOwners
                type: list
                default: ['123456789012']
                pattern: '[0-9]{12}'
                description:
                  ja: 許可する AMI 所有者のアカウント ID
                  en: Account ids whose AMIs may be launched.
            template: policy.json.sbn

            """);
        File.WriteAllText(Path.Combine(folder, "policy.json.sbn"), """
            {"Version": "2012-10-17", "Statement": [{"Sid": "DenyOtherAmis", "Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*::image/*", "Condition": {"StringNotEquals": {"ec2:Owner": {{ json_array params.AllowedAmiOwners }}}}}]}

            """);
        return Path.GetDirectoryName(folder)!;
    }
}
