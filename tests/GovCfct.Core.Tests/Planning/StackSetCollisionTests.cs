using System.Collections.Immutable;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;
using GovCfct.Core.Validation;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Planning;

/// <summary>
/// Removing Tokyo's parameter override renames nothing of the base stack set, but Tokyo's variant
/// (<c>gc-config-rules-baseline-&lt;hash&gt;</c>) leaves the manifest and the base stack set takes over Tokyo and Chiyoda.
/// With enable_stack_set_deletion off CfCT keeps the variant's stacks in those two accounts. The shipped template ends
/// every Config rule name with <c>name_suffix</c>, so the variant's names are not the base's (read back with PyYAML) and
/// the two coexist; a template that names its rules alike in both (as the template did before name_suffix) is a
/// collision that plan (GCF3200) and validate (GCF2092) show with the safe order (hand-worked from the real-catalog
/// scenario: one account per OU, Tokyo and Chiyoda are the two OUs the variant lists).
/// </summary>
public sealed class StackSetCollisionTests : IDisposable
{
    private static readonly string ScenarioDefinition = Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Packaging", "Scenarios"), "real-catalog", "definition");

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-collision-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static (CfctPackage Package, GovernanceDefinition Definition) Build(string definitionDir, string? templates = null)
    {
        var diagnostics = new DiagnosticBag();
        var result = BuildPipeline.Production().Build(definitionDir, templates ?? RepositoryRoot.Combine("templates"), diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        return (result.Package!, result.Definition!);
    }

    private static OrgSnapshot Organization(GovernanceDefinition definition)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { [string.Empty] = "r-root" };
        var ous = ImmutableArray.CreateBuilder<OrgUnit>();
        var accounts = ImmutableArray.CreateBuilder<OrgAccount>();
        var n = 0;
        foreach (var ou in definition.AllOus())
        {
            n++;
            var id = $"ou-root-{n:00000000}";
            ids[ou.Path] = id;
            var parent = ou.Path.Contains(':', StringComparison.Ordinal) ? ou.Path[..ou.Path.LastIndexOf(':')] : string.Empty;
            ous.Add(new OrgUnit(id, ou.Name, ids[parent], ou.Path));
            accounts.Add(new OrgAccount($"1000000000{n:00}", $"member-{n}", $"member-{n}@example.com", "ACTIVE", id));
        }

        return new OrgSnapshot("o-test", "999999999999", "r-root", ous.ToImmutable(), accounts.ToImmutable(), []);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The catalog with config-rules-baseline naming its rules without name_suffix, as it did before.</summary>
    private string TemplatesWithoutNameSuffix()
    {
        var copy = Path.Combine(_work, "templates");
        Copy(RepositoryRoot.Combine("templates"), copy);
        var path = Path.Combine(copy, "config-rules-baseline", "template.yaml.sbn");
        var text = File.ReadAllText(path);
        text.Should().Contain("{{ name_suffix }}");
        File.WriteAllText(path, text.Replace("{{ name_suffix }}", string.Empty, StringComparison.Ordinal));
        return copy;
    }

    private string WithoutTokyoOverride()
    {
        var copy = Path.Combine(_work, "definition");
        Copy(ScenarioDefinition, copy);

        var workloads = Path.Combine(copy, "ous", "workloads.yaml");
        var text = File.ReadAllText(workloads);
        const string over = "            controls:\n              - id: config-rules-baseline\n                parameters:\n                  RootMfaCheckFrequency: One_Hour\n";
        text.Should().Contain(over);
        File.WriteAllText(workloads, text.Replace(over, string.Empty, StringComparison.Ordinal));
        return copy;
    }

    /// <summary>The ConfigRuleName of every Config rule of a package template, as PyYAML reads it (CloudFormation tags ignored).</summary>
    private static Dictionary<string, List<string>> RuleNamesByPyYaml(CfctPackage package, IEnumerable<string> files)
    {
        const string script = """
            import json, sys, yaml
            yaml.SafeLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
            out = {}
            for name, text in json.load(sys.stdin).items():
                resources = yaml.safe_load(text)["Resources"]
                out[name] = sorted(r["Properties"]["ConfigRuleName"] for r in resources.values() if r["Type"] == "AWS::Config::ConfigRule")
            json.dump(out, sys.stdout)
            """;
        var input = files.ToDictionary(f => f, f => System.Text.Encoding.UTF8.GetString(package.Files[f]), StringComparer.Ordinal);
        var (exitCode, stdout, stderr) = ExternalTool.Run("python3", ["-c", script], JsonSerializer.Serialize(input), hint: "PyYAML comes with cfn-lint in the machine's pyenv (pip install pyyaml).");
        exitCode.Should().Be(0, stderr);
        return JsonSerializer.Deserialize<Dictionary<string, List<string>>>(stdout)!;
    }

    [Fact]
    public void A_variant_names_its_resources_apart_from_the_base_stack_set()
    {
        var (package, _) = Build(ScenarioDefinition);
        var baseline = package.Manifest.Resources.Single(r => r.Name == "gc-config-rules-baseline");
        var variant = package.Manifest.Resources.Single(r => r.Name.StartsWith("gc-config-rules-baseline-", StringComparison.Ordinal));
        var suffix = variant.Name["gc-config-rules-baseline".Length..];
        suffix.Should().MatchRegex("^-[0-9a-f]{8}$");

        var names = RuleNamesByPyYaml(package, [baseline.ResourceFile, variant.ResourceFile]);

        var baseNames = names[baseline.ResourceFile];
        var variantNames = names[variant.ResourceFile];
        baseNames.Should().HaveCount(11).And.Contain("gc-restricted-ssh", "the base stack set keeps the names it always had");
        variantNames.Should().HaveCount(11).And.OnlyContain(n => n.EndsWith(suffix, StringComparison.Ordinal));
        variantNames.Should().Equal(baseNames.Select(n => n + suffix));
        variantNames.Intersect(baseNames).Should().BeEmpty();
    }

    [Fact]
    public void Folding_a_variant_into_the_base_stack_set_is_no_collision_when_the_names_differ()
    {
        var (previous, definition) = Build(ScenarioDefinition);
        var (current, _) = Build(WithoutTokyoOverride());
        var variant = previous.Manifest.Resources.Single(r => r.Name.StartsWith("gc-config-rules-baseline-", StringComparison.Ordinal)).Name;
        var diagnostics = new DiagnosticBag();

        var plan = ChangePlanner.Plan(new ChangePlanOptions(current, Organization(definition)) { Previous = previous }, diagnostics);

        plan.StackSets.Single(s => s.Name == variant).Kind.Should().Be(ResourceChangeKind.Orphaned);
        plan.StackSets.Single(s => s.Name == "gc-config-rules-baseline").InstancesCreated.Should().NotBeEmpty("the base stack set takes over the variant's accounts");
        plan.Collisions.Should().BeEmpty();
        diagnostics.Items.Should().NotContain(d => d.Code == DiagnosticCodes.PlanStackSetCollision.Id);

        var previousDir = Path.Combine(_work, "previous");
        var currentDir = Path.Combine(_work, "current");
        PackageWriter.Write(previous, previousDir, false, new DiagnosticBag());
        PackageWriter.Write(current, currentDir, false, new DiagnosticBag());
        Validate(currentDir, previousDir).Should().NotContain(d => d.Code == DiagnosticCodes.StackSetRenameCollision.Id);
    }

    private static IReadOnlyList<Diagnostic> Validate(string package, string previous) =>
        new PackageValidator().Validate(new PackageValidationOptions(package) { PreviousPackageDirectory = previous, RunCfnLint = false, CfnNagVersion = null }).Diagnostics;

    [Fact]
    public void Validate_reports_a_template_that_names_its_resources_alike_in_both_with_the_safe_order()
    {
        var templates = TemplatesWithoutNameSuffix();
        var (previous, _) = Build(ScenarioDefinition, templates);
        var (current, _) = Build(WithoutTokyoOverride(), templates);
        var variant = previous.Manifest.Resources.Single(r => r.Name.StartsWith("gc-config-rules-baseline-", StringComparison.Ordinal));
        var previousDir = Path.Combine(_work, "previous");
        var currentDir = Path.Combine(_work, "current");
        PackageWriter.Write(previous, previousDir, false, new DiagnosticBag());
        PackageWriter.Write(current, currentDir, false, new DiagnosticBag());
        var manifestLines = File.ReadAllLines(Path.Combine(currentDir, "manifest.yaml"));
        var line = Array.FindIndex(manifestLines, l => l.TrimEnd().EndsWith("name: gc-config-rules-baseline", StringComparison.Ordinal)) + 1;
        line.Should().BePositive();

        var collision = Validate(currentDir, previousDir).Where(d => d.Code == DiagnosticCodes.StackSetRenameCollision.Id).Should().ContainSingle().Subject;

        collision.Location!.Line.Should().Be(line);
        collision.Message.Should().Contain($"'{variant.Name}'").And.Contain("AWS::Config::ConfigRule gc-ebs-optimized-instance").And.Contain("and 8 more");
        foreach (var ou in variant.OrganizationalUnits)
        {
            collision.Message.Should().Contain(ou);
        }

        collision.Hint.Should().Contain($"1. aws cloudformation delete-stack-instances --stack-set-name CustomControlTower-{variant.Name}").And.Contain("--no-retain-stacks")
            .And.Contain("2. wait for the operation, then publish").And.Contain($"3. aws cloudformation delete-stack-set --stack-set-name CustomControlTower-{variant.Name}");

        // validate DEFINITION --previous judges the package the definition builds the same way.
        PackageValidator.CheckRenames(current, previousDir, "out").Should().ContainSingle(d => d.Code == DiagnosticCodes.StackSetRenameCollision.Id);
        PackageValidator.CheckRenames(previous, previousDir, "out").Should().BeEmpty("nothing leaves the manifest");
    }

    [Fact]
    public void A_variant_folded_into_the_base_stack_set_is_a_collision_with_the_safe_order()
    {
        var templates = TemplatesWithoutNameSuffix();
        var (previous, definition) = Build(ScenarioDefinition, templates);
        var (current, _) = Build(WithoutTokyoOverride(), templates);
        var variant = previous.Manifest.Resources.Single(r => r.Name.StartsWith("gc-config-rules-baseline-", StringComparison.Ordinal)).Name;
        var org = Organization(definition);
        var tokyo = org.Accounts.Where(a => org.OrganizationalUnits.Single(o => o.Id == a.ParentId).Path.StartsWith("Workloads:Municipalities:Tokyo", StringComparison.Ordinal)).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
        tokyo.Should().HaveCount(2);
        var diagnostics = new DiagnosticBag();

        var plan = ChangePlanner.Plan(new ChangePlanOptions(current, org) { Previous = previous }, diagnostics);

        plan.StackSets.Single(s => s.Name == variant).Kind.Should().Be(ResourceChangeKind.Orphaned);
        var collision = plan.Collisions.Should().ContainSingle().Subject;
        collision.Left.Should().Be(variant);
        collision.Taking.Should().Be("gc-config-rules-baseline");
        collision.Controls.Should().Equal("config-rules-baseline");
        collision.Accounts.Should().Be(2);
        collision.Names.Should().HaveCount(11).And.Contain("AWS::Config::ConfigRule gc-restricted-ssh");
        collision.SafeOrder[0].Should().Be($"aws cloudformation delete-stack-instances --stack-set-name CustomControlTower-{variant} --accounts {string.Join(' ', tokyo)} --regions ap-northeast-1 ap-northeast-3 --no-retain-stacks");
        plan.HasDangerousChanges.Should().BeTrue();
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanStackSetCollision.Id);

        var markdown = PlanMarkdownWriter.Write(plan);
        markdown.Should().NotContain("No stack instance is deleted and no policy is left attached.");
        markdown.Should().Contain($"> - stack set `gc-config-rules-baseline` creates config-rules-baseline in **2 account(s)** where `{variant}` (left in place, not deleted) keeps its stacks");
        PlanHtmlWriter.Write(plan).Should().Contain("<div class=\"danger\">").And.Contain($"delete-stack-instances --stack-set-name CustomControlTower-{variant}");

        var unchanged = ChangePlanner.Plan(new ChangePlanOptions(previous, org) { Previous = previous }, new DiagnosticBag());
        unchanged.Collisions.Should().BeEmpty("nothing leaves the manifest");
    }
}
