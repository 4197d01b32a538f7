using System.Text.Json;
using System.Text.Json.Nodes;
using GovCfct.Cdk.Synthesis;
using GovCfct.Cdk.Tests.Support;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Policies;
using GovCfct.Core.Rendering;
using GovCfct.Core.Validation;
using GovCfct.Fixtures;
using GovCfct.Pipeline;

namespace GovCfct.Cdk.Tests.Synthesis;

/// <summary>
/// The shipped definition built with every real stage (CDK included), as <c>govcfct build</c> does: the management
/// account's three controls are in the package, the build and validation are clean, and cfn-lint passes in both regions.
/// </summary>
[Collection(SynthesizedCollection.Name)]
public sealed class ShippedBuildTests(ShippedBuild shipped) : IClassFixture<ShippedBuild>
{
    // The trail alarms and the Control Tower controls live in the management account too (docs/landing-zone.md).
    // Manifest order: the management account's own stacks, then (after the audit account's) the three that fan out to
    // every OU, which can fail as a whole when enough accounts fail.
    private static readonly string[] ManagementResources =
    [
        "gc-account-creation-hook-mgmt", "gc-account-vending-mgmt", "gc-cfct-template-change-alert-mgmt", "gc-ebs-encryption-backfill-mgmt", "gc-guardduty-organization-mgmt",
        "gc-security-alerts-mgmt", "gc-security-hub-organization-mgmt", "gc-unannounced-operations-mgmt", "gc-unexpected-platform-access-mgmt",
        "gc-ct-controls", "gc-detective-controls", "gc-member-stack-sets",
    ];

    private static readonly string[] FanOuts = ["gc-ct-controls", "gc-detective-controls", "gc-member-stack-sets"];

    [Fact]
    public void The_shipped_build_deploys_the_three_management_controls_to_the_management_account_only()
    {
        var (result, diagnostics) = (shipped.Result, shipped.Diagnostics);

        // As shipped, build warns only about the sample values a team must replace (validate and publish refuse them).
        string[] placeholders = [DiagnosticCodes.ShippedPlaceholderBuilt.Id, DiagnosticCodes.ExampleOrgLockBuilt.Id];
        diagnostics.Items.Where(d => d.Severity != Severity.Info && !placeholders.Contains(d.Code)).Select(d => d.ToString()).Should().BeEmpty();
        diagnostics.Items.Where(d => placeholders.Contains(d.Code)).Should().OnlyContain(d => d.Severity == Severity.Warning).And.NotBeEmpty();
        diagnostics.Items.Where(d => d.Severity == Severity.Info).Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.ManagementAccountNeedsExecutionRole.Id);
        result.Written.Should().BeTrue();

        var manifest = ManifestReader.Parse(File.ReadAllBytes(Path.Combine(shipped.OutputDirectory, "manifest.yaml")), "manifest.yaml", new DiagnosticBag()).Manifest;
        var accountTargeted = manifest!.Resources.Where(r => !r.Accounts.IsDefaultOrEmpty).ToList();
        var management = accountTargeted.Where(r => r.Accounts.SequenceEqual(new[] { "111122223333" })).ToList();
        management.Select(r => r.Name).Should().Equal(ManagementResources);
        management.Should().OnlyContain(r => r.OrganizationalUnits.IsDefaultOrEmpty);
        // Besides the management account only the audit account is targeted, with Security Hub's central
        // configuration, central alerting and the role of GuardDuty's organization set-up in the home region, listed
        // after the management account's stack sets (docs/landing-zone.md).
        var audit = accountTargeted.Except(management).ToList();
        audit.Select(r => r.Name).Should().BeEquivalentTo(["gc-security-hub-organization-role-210987654321", "gc-central-alerting-210987654321", "gc-guardduty-organization-role-210987654321"]);
        audit.Should().OnlyContain(r => r.Accounts.SequenceEqual(new[] { "210987654321" }) && r.Regions.SequenceEqual(new[] { "ap-northeast-1" }));
        // CfCT runs the resources in order and stops at the first failed stack set: the audit account's stacks (the
        // central bus every forwarder targets, the roles the security services' state machines assume) come after
        // the management account's own stacks and before any stack that reaches every OU.
        var order = manifest.Resources.Select(r => r.Name).ToList();
        audit.Should().OnlyContain(r => order.IndexOf(r.Name) > order.IndexOf("gc-unexpected-platform-access-mgmt"));
        audit.Should().OnlyContain(r => FanOuts.All(f => order.IndexOf(r.Name) < order.IndexOf(f)));
        management.Single(r => r.Name == "gc-account-creation-hook-mgmt").Regions.Should().Equal("ap-northeast-1", "ap-northeast-3");
        management.Single(r => r.Name == "gc-cfct-template-change-alert-mgmt").Regions.Should().Equal("ap-northeast-1");
        management.Single(r => r.Name == "gc-account-vending-mgmt").Regions.Should().Equal("ap-northeast-1");
        management.Single(r => r.Name == "gc-guardduty-organization-mgmt").Regions.Should().Equal("ap-northeast-1", "ap-northeast-3");
        // The hook runs only on lifecycle events: existing accounts get EBS encryption by default from the backfill, in
        // every region the hook runs in.
        management.Single(r => r.Name == "gc-ebs-encryption-backfill-mgmt").Regions.Should().Equal(management.Single(r => r.Name == "gc-account-creation-hook-mgmt").Regions);
        File.ReadAllText(Path.Combine(shipped.OutputDirectory, "manifest.yaml")).Should().Contain("      accounts:\n        - \"111122223333\"\n");
        result.Report!.StackSets.Where(s => !s.Accounts.IsDefaultOrEmpty && s.Accounts.SequenceEqual(new[] { "111122223333" })).Select(s => s.Name).Should().Equal(ManagementResources.Where(n => n is not "gc-ct-controls" and not "gc-detective-controls" and not "gc-member-stack-sets"));
    }

    [Fact]
    public void No_management_account_stack_waits_for_Config_compliance_changes_that_cannot_happen_there()
    {
        // Control Tower sets up AWS Config in the accounts it enrolls, not in the management account, and nothing in the
        // package creates a recorder there: no Config rule evaluates a resource of the management account, so an
        // EventBridge rule there on "Config Rules Compliance Change" could never fire (docs/landing-zone.md).
        var manifest = ManifestReader.Parse(File.ReadAllBytes(Path.Combine(shipped.OutputDirectory, "manifest.yaml")), "manifest.yaml", new DiagnosticBag()).Manifest!;
        var management = manifest.Resources.Where(r => r.Accounts.SequenceEqual(new[] { "111122223333" })).Select(r => r.ResourceFile).ToList();
        management.Should().Contain("templates/gc-security-alerts-mgmt.template");
        foreach (var file in management)
        {
            var text = File.ReadAllText(Path.Combine(shipped.OutputDirectory, file));
            text.Should().NotContain("AWS::Config::ConfigurationRecorder", $"{file}: the premise, no recorder in the management account");
            if (file != "templates/gc-member-stack-sets.template" && file != "templates/gc-detective-controls.template")
            {
                text.Should().NotContain("Config Rules Compliance Change", $"{file} runs in the management account");
            }
        }
    }

    [Fact]
    public void With_accounts_in_every_leaf_OU_the_detective_controls_go_organization_wide_and_no_stack_exceeds_500_resources()
    {
        // The shipped lock: 74 leaf OUs hold accounts, 70 of them under Workloads. Control Tower would need
        // 70 × 11 - 1 (HealthLabourWelfare:Verification opts out of ct-ec2-volume-inuse-check) = 769 detective enablements.
        var detective = shipped.Result.Report!.Detective!;
        detective.Mechanism.Should().Be(DetectiveMechanism.Organization);
        detective.PerOuEnablements.Should().Be(769);

        foreach (var template in Directory.GetFiles(Path.Combine(shipped.OutputDirectory, "templates"), "*.template"))
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new StringReader(File.ReadAllText(template)));
            var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
            ((YamlDotNet.RepresentationModel.YamlMappingNode)root["Resources"]).Children.Count.Should().BeLessThanOrEqualTo(500, Path.GetFileName(template));
        }

        // Control Tower keeps the 8 preventive enablements (3 on Workloads, 3 on Sandbox, 2 on Security); two packs carry
        // the 11 detective controls.
        File.ReadAllText(Path.Combine(shipped.OutputDirectory, "templates", "gc-ct-controls.template")).Split("Type: AWS::ControlTower::EnabledControl").Length.Should().Be(9);
        detective.Packs.Select(p => p.Controls.Length).Should().Equal(10, 1);
        // Excluded: the management account, Security's, Infrastructure's, Sandbox's and Suspended's accounts (lock).
        detective.Packs[0].ExcludedAccounts.Should().Equal("012345678901", "111122223333", "123456789012", "210987654321", "234567890123", "345678901234", "600000000001", "600000000002");
        detective.Packs[1].Controls.Should().Equal("ct-ec2-volume-inuse-check");
        detective.Packs[1].ExcludedAccounts.Should().Contain("789012345678", "the opted-out HealthLabourWelfare:Verification account");
        detective.Packs[1].OutOfScopeOus.Should().Equal("Workloads:Ministries:HealthLabourWelfare:Verification");

        var lint = new[] { "gc-detective-controls.template", "gc-ct-controls.template" }.Select(f => Path.Combine(shipped.OutputDirectory, "templates", f)).ToList();
        var (exitCode, output) = CfnLint.Lint(lint);
        exitCode.Should().Be(0, output);
    }

    [Fact]
    public void The_shipped_build_puts_central_alerting_in_the_audit_account_and_forwarding_in_a_service_managed_stack_set_in_every_governed_region()
    {
        var manifest = ManifestReader.Parse(File.ReadAllBytes(Path.Combine(shipped.OutputDirectory, "manifest.yaml")), "manifest.yaml", new DiagnosticBag()).Manifest!;

        // The audit account (landing_zone.audit_account) holds the central bus, rules and topic, home region only.
        var central = manifest.Resources.Single(r => r.Name == "gc-central-alerting-210987654321");
        central.Accounts.Should().Equal("210987654321");
        central.OrganizationalUnits.IsDefaultOrEmpty.Should().BeTrue();
        central.Regions.Should().Equal("ap-northeast-1");

        // CfCT lists no OU at all: member stack sets are service-managed, owned by one management-account stack.
        manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet).SelectMany(r => r.OrganizationalUnits).Should().BeEmpty();
        manifest.Resources.Should().NotContain(r => r.Name.StartsWith("gc-alert-forwarding", StringComparison.Ordinal));
        var owner = manifest.Resources.Single(r => r.Name == "gc-member-stack-sets");
        owner.Accounts.Should().Equal("111122223333");
        owner.Regions.Should().Equal("ap-northeast-1");

        // alert-forwarding: one service-managed stack set, automatic deployment, the three top-level OU ids of the lock
        // (Infrastructure, Security, Workloads: StackSets reaches every nested OU), both governed regions, no us-east-1.
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(shipped.OutputDirectory, owner.ResourceFile)));
        var forwarding = document.RootElement.GetProperty("Resources").EnumerateObject().Select(r => r.Value.GetProperty("Properties"))
            .Single(p => p.GetProperty("StackSetName").GetString() == "gc-alert-forwarding");
        forwarding.GetProperty("PermissionModel").GetString().Should().Be("SERVICE_MANAGED");
        forwarding.GetProperty("AutoDeployment").GetProperty("Enabled").GetBoolean().Should().BeTrue();
        var group = forwarding.GetProperty("StackInstancesGroup").EnumerateArray().Single();
        group.GetProperty("DeploymentTargets").GetProperty("OrganizationalUnitIds").EnumerateArray().Select(i => i.GetString())
            .Should().Equal("ou-0exa-00000001", "ou-0exa-00000003", "ou-0exa-00000005");
        group.GetProperty("Regions").EnumerateArray().Select(r => r.GetString()).Should().Equal("ap-northeast-1", "ap-northeast-3");
        forwarding.GetProperty("Capabilities").EnumerateArray().Select(c => c.GetString()).Should().Contain("CAPABILITY_NAMED_IAM");
        var template = forwarding.GetProperty("TemplateBody").GetString()!;
        template.Should().Be(File.ReadAllText(Path.Combine(shipped.OutputDirectory, "templates", "gc-alert-forwarding.template")));
        // No topic, no subscription, no metric filter in member accounts; one alarm, on the account's own failed deliveries.
        template.Should().NotContain("AWS::SNS::").And.NotContain("AWS::Logs::");
        JsonNode.Parse(template)!["Resources"]!.AsObject().Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::CloudWatch::Alarm").Select(r => r.Key).Should().Equal("FailedDeliveriesAlarm");
    }

    [Fact]
    public void Every_global_service_event_alert_forwarding_forwards_is_caught_from_the_organization_trail_in_the_management_account()
    {
        // Member forwarders run only in the governed regions; what only us-east-1 receives (IAM, Organizations, account
        // settings, sign-in) must be matched by a metric filter on the organization trail's log group instead.
        var forwarding = Resources("gc-alert-forwarding.template", "AWS::Events::Rule").Select(r => r.GetProperty("EventPattern").GetRawText()).ToList();
        var filters = Resources("gc-security-alerts-mgmt.template", "AWS::Logs::MetricFilter")
            .Concat(Resources("gc-unexpected-platform-access-mgmt.template", "AWS::Logs::MetricFilter"))
            .Select(r => r.GetProperty("FilterPattern").GetRawText()).ToList();
        var resolved = new[] { "gc-security-alerts-mgmt.template", "gc-unexpected-platform-access-mgmt.template" }.SelectMany(file =>
        {
            var template = JsonNode.Parse(File.ReadAllText(Path.Combine(shipped.OutputDirectory, "templates", file)))!.AsObject();
            var resolver = new TemplateResolver(template);
            return template["Resources"]!.AsObject().Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Logs::MetricFilter").Select(r => resolver.ResolveString(r.Value!["Properties"]!["FilterPattern"]!));
        }).ToList();

        // IAM: every event name the forwarder sends is in a trail filter.
        var iam = forwarding.Single(p => p.Contains("\"aws.iam\"", StringComparison.Ordinal));
        var iamNames = JsonDocument.Parse(iam).RootElement.GetProperty("detail").GetProperty("eventName").EnumerateArray().Select(n => n.GetString()!).ToList();
        iamNames.Should().NotBeEmpty();
        iamNames.Should().OnlyContain(name => resolved.Any(f => f.Contains("iam.amazonaws.com", StringComparison.Ordinal) && MetricFilterMatcher.Matches(f, IamRecord(name))));

        // Organizations and account settings: a trail filter for both event sources, member accounts only.
        forwarding.Should().Contain(p => p.Contains("\"aws.organizations\"", StringComparison.Ordinal) && p.Contains("\"aws.account\"", StringComparison.Ordinal));
        filters.Should().Contain(f => f.Contains("organizations.amazonaws.com", StringComparison.Ordinal) && f.Contains("account.amazonaws.com", StringComparison.Ordinal) && f.Contains("recipientAccountId", StringComparison.Ordinal));

        // Root activity (sign-in included) and the platform team's Identity Center sessions (sign-in, STS, IAM).
        forwarding.Should().Contain(p => p.Contains("\"Root\"", StringComparison.Ordinal));
        filters.Should().Contain(f => f.Contains("$.userIdentity.type = \\\"Root\\\"", StringComparison.Ordinal));
        forwarding.Should().Contain(p => p.Contains("AWSReservedSSO_", StringComparison.Ordinal));
        filters.Should().Contain(f => f.Contains("AWSReservedSSO_", StringComparison.Ordinal) && f.Contains("recipientAccountId", StringComparison.Ordinal));
    }

    /// <summary>An IAM change by a member account's Administrator session, as the organization trail records it.</summary>
    private static string IamRecord(string eventName) => new JsonObject
    {
        ["eventSource"] = "iam.amazonaws.com",
        ["eventName"] = eventName,
        ["readOnly"] = false,
        ["eventType"] = "AwsApiCall",
        ["userIdentity"] = new JsonObject { ["type"] = "AssumedRole", ["arn"] = "arn:aws:sts::555566667777:assumed-role/AWSReservedSSO_AWSAdministratorAccess_9f8e7d6c5b4a3210/hanako" },
        ["recipientAccountId"] = "555566667777",
    }.ToJsonString();

    /// <summary>
    /// moto (5.x) emulates SERVICE_MANAGED stack sets and creates instances for OU targets (accounts in the OU and its
    /// direct child OUs), but not AutoDeployment. Proven against moto: the owner template's properties create the
    /// stack set and its instances over the lock's OU ids in both governed regions, Sandbox gets none. Proven by the
    /// organization's own parent chain: an OU created after the build three levels under Workloads, and its account,
    /// sit below a target OU id of the stack set, which is what StackSets' documented automatic deployment covers
    /// (API_AutoDeployment, API_DeploymentTargets "and their child OUs"); nothing in the package changes. The status
    /// reader over instances in the shape automatic deployment leaves is tested in GovCfct.Aws.Tests
    /// (MemberStackSetStatusTests).
    /// </summary>
    [Fact]
    public void A_new_account_in_a_new_nested_OU_under_Workloads_is_below_a_target_of_the_service_managed_stack_set_without_a_rebuild()
    {
        const string script = """
            import json, sys, yaml, boto3
            from moto import mock_aws
            owner = json.load(open(sys.argv[1]))
            lock = yaml.safe_load(open(sys.argv[2]))
            out = {"sets": {}}
            with mock_aws():
                org = boto3.client("organizations", region_name="us-east-1")
                org.create_organization(FeatureSet="ALL")
                root = org.list_roots()["Roots"][0]["Id"]
                ids, to_moto = {"": root}, {lock["root_id"]: root}
                for ou in sorted(lock["organizational_units"], key=lambda o: o["path"].count(":")):
                    parent = ids[ou["path"].rsplit(":", 1)[0]] if ":" in ou["path"] else root
                    ids[ou["path"]] = org.create_organizational_unit(ParentId=parent, Name=ou["path"].split(":")[-1])["OrganizationalUnit"]["Id"]
                    to_moto[ou["id"]] = ids[ou["path"]]
                def account(name, parent):
                    a = org.create_account(AccountName=name, Email=name + "@example.jp")["CreateAccountStatus"]["AccountId"]
                    org.move_account(AccountId=a, SourceParentId=root, DestinationParentId=parent)
                    return a
                out["accounts"] = {p: account("acct-" + str(i), ids[p]) for i, p in enumerate(["Infrastructure", "Security", "Workloads", "Workloads:Ministries", "Sandbox"])}
                cfn = boto3.client("cloudformation", region_name="ap-northeast-1")
                targets = set()
                for res in owner["Resources"].values():
                    p = res["Properties"]
                    cfn.create_stack_set(StackSetName=p["StackSetName"], TemplateBody=p["TemplateBody"], Parameters=p.get("Parameters", []),
                        Capabilities=p.get("Capabilities", []), PermissionModel=p["PermissionModel"], AutoDeployment=p["AutoDeployment"], ManagedExecution=p["ManagedExecution"])
                    for g in p["StackInstancesGroup"]:
                        ous = [to_moto[i] for i in g["DeploymentTargets"]["OrganizationalUnitIds"]]
                        targets.update(ous)
                        cfn.create_stack_instances(StackSetName=p["StackSetName"], Regions=g["Regions"], DeploymentTargets={"OrganizationalUnitIds": ous}, OperationPreferences=p["OperationPreferences"])
                    d = cfn.describe_stack_set(StackSetName=p["StackSetName"])["StackSet"]
                    out["sets"][p["StackSetName"]] = {"permission": d["PermissionModel"], "instances": sorted(i["Account"] + "/" + i["Region"] for i in cfn.list_stack_instances(StackSetName=p["StackSetName"])["Summaries"])}
                # After the build: a new OU three levels under Workloads, and an account in it.
                agency = org.create_organizational_unit(ParentId=ids["Workloads:Ministries:DigitalAgency"], Name="NewAgency")["OrganizationalUnit"]["Id"]
                new = account("new-agency", agency)
                chain, node = [], new
                while node != root:
                    node = org.list_parents(ChildId=node)["Parents"][0]["Id"]
                    chain.append(node)
                out["new_account_target"] = [t for t in chain if t in targets]
                out["new_account_instances"] = [i for s in out["sets"] for i in cfn.list_stack_instances(StackSetName=s)["Summaries"] if i["Account"] == new]
            print(json.dumps(out))
            """;
        var (exitCode, stdout, stderr) = ExternalTool.Run(
            "python3",
            ["-c", script, Path.Combine(shipped.OutputDirectory, "templates", "gc-member-stack-sets.template"), Path.Combine(RepositoryRoot.Path, "manifest", "org-lock.yaml")],
            hint: "moto and PyYAML come with the machine's pyenv (pip install 'moto[all]')");
        exitCode.Should().Be(0, stderr);
        using var result = JsonDocument.Parse(stdout);
        var accounts = result.RootElement.GetProperty("accounts");
        string Account(string path) => accounts.GetProperty(path).GetString()!;

        var forwarding = result.RootElement.GetProperty("sets").GetProperty("gc-alert-forwarding");
        forwarding.GetProperty("permission").GetString().Should().Be("SERVICE_MANAGED");
        var instances = forwarding.GetProperty("instances").EnumerateArray().Select(i => i.GetString()).ToList();
        instances.Should().BeEquivalentTo(
            new[] { "Infrastructure", "Security", "Workloads", "Workloads:Ministries" }.SelectMany(p => new[] { Account(p) + "/ap-northeast-1", Account(p) + "/ap-northeast-3" }),
            "moto expands each target OU to its accounts and those of its direct child OUs, in both governed regions");
        var sandbox = Account("Sandbox");
        instances.Should().NotContain(i => i!.StartsWith(sandbox, StringComparison.Ordinal));

        // The new account's parent chain reaches exactly one target OU (Workloads): automatic deployment covers it.
        result.RootElement.GetProperty("new_account_target").GetArrayLength().Should().Be(1);
        // moto does not emulate AutoDeployment: no instance appears by itself (AWS creates them; status checks it).
        result.RootElement.GetProperty("new_account_instances").GetArrayLength().Should().Be(0);
    }

    private List<JsonElement> Resources(string file, string type)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(shipped.OutputDirectory, "templates", file)));
        return [.. document.RootElement.GetProperty("Resources").EnumerateObject()
            .Where(r => r.Value.GetProperty("Type").GetString() == type)
            .Select(r => r.Value.GetProperty("Properties").Clone())];
    }

    [Fact]
    public void The_shipped_package_validates_clean_and_its_templates_pass_cfn_lint_in_both_regions()
    {
        shipped.Diagnostics.HasErrors.Should().BeFalse();

        var validation = new PackageValidator().Validate(new PackageValidationOptions(shipped.OutputDirectory)
        {
            CfnLinter = new CfnLintProcess(),
            // The settings the build used, from the shipped definition: its regions, limits, principals and break-glass role.
            Settings = BuildPipeline.Production().LoadSettings(Path.Combine(RepositoryRoot.Path, "manifest"), new DiagnosticBag())!,
        });
        // The shipped definition's example ids are refused (GCF2085, docs/definition.md "Values to replace"); nothing else is
        // reported. The realistic definition's package validates clean end to end in the CLI tests (ShippedCommandsTests).
        var placeholders = validation.Diagnostics.Where(d => d.Code == "GCF2085" && RealisticDefinition.Replacements.Any(r => d.Message.Contains(r.Shipped, StringComparison.Ordinal))).ToList();
        placeholders.Should().Contain(d => d.Message.Contains("prod-replaceme000000", StringComparison.Ordinal)).And.Contain(d => d.Message.Contains("o-0example000", StringComparison.Ordinal));
        validation.Diagnostics.Except(placeholders).Select(d => d.ToString()).Should().BeEmpty();

        var templates = Directory.GetFiles(Path.Combine(shipped.OutputDirectory, "templates"), "*.template").Order(StringComparer.Ordinal).ToList();
        templates.Select(Path.GetFileName).Should().Contain(ManagementResources.Select(n => n + ".template"));
        var (exitCode, output) = CfnLint.LintDefault(templates);
        (exitCode & 2).Should().Be(0, output);
        output.Should().BeEmpty();
    }
}

/// <summary>
/// One real build of the shipped definition per test run, with its own synthesizer and cache folder so the shared
/// synthesizer's run and cache counts (asserted elsewhere) are untouched.
/// </summary>
public sealed class ShippedBuild : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "govcfct-shipped-" + Guid.NewGuid().ToString("N"));

    public ShippedBuild()
    {
        var options = new BuildRunOptions(Path.Combine(RepositoryRoot.Path, "manifest"), Path.Combine(RepositoryRoot.Path, "templates"), OutputDirectory, DryRun: false);
        Result = BuildPipeline.Production(Path.Combine(_root, "cache")).Run(options, Diagnostics);
    }

    public string OutputDirectory => Path.Combine(_root, "out");

    public DiagnosticBag Diagnostics { get; } = new();

    public BuildRunResult Result { get; }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
