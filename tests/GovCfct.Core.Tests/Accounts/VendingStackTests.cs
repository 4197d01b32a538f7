using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Packaging;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.TestSupport;
using GovCfct.Core.Validation;
using GovCfct.Pipeline;
using YamlDotNet.RepresentationModel;


namespace GovCfct.Core.Tests.Accounts;

/// <summary>
/// The account-vending stack as built into a package: cfn-lint clean in both governed regions, govcfct validate
/// clean, and a state machine that parses and calls only real SDK integration actions its role allows.
/// </summary>
public sealed partial class VendingStackTests
{
    /// <summary>Step Functions' aws-sdk service names that differ from the IAM prefix.</summary>
    private static readonly Dictionary<string, string> IamPrefixes = new(StringComparer.Ordinal)
    {
        ["ssoadmin"] = "sso",
        ["sfn"] = "states",
    };

    /// <summary>Optimized integrations the distributed map's reader and writer use; not aws-sdk ones.</summary>
    private static readonly HashSet<string> OptimizedIntegrations = new(StringComparer.Ordinal)
    {
        "arn:aws:states:::s3:getObject",
        "arn:aws:states:::s3:putObject",
    };

    private static string TemplatePath => AccountsFixture.Package.Files.Keys.Single(k => k.Contains("account-vending", StringComparison.Ordinal) && k.EndsWith(".template", StringComparison.Ordinal));

    private static string TemplateText => System.Text.Encoding.UTF8.GetString(AccountsFixture.Package.Files[TemplatePath]);

    [Fact]
    public void Vending_stack_is_one_home_region_stack_set_resource()
    {
        var resource = AccountsFixture.Package.Manifest.Resources.Should().ContainSingle(r => r.ControlIds.Contains("account-vending")).Subject;

        resource.DeployMethod.Should().Be(DeployMethod.StackSet);
        resource.Name.Should().StartWith("gc-");
        resource.Regions.Should().Equal("ap-northeast-1");
        resource.OrganizationalUnits.Should().Equal("Platform");
    }

    [Fact]
    public void Package_with_the_vending_stack_validates_clean_including_cfn_lint()
    {
        var folder = Path.Combine(Path.GetTempPath(), "govcfct-vending-" + Guid.NewGuid().ToString("N"));
        try
        {
            var diagnostics = new Core.Diagnostics.DiagnosticBag();
            PackageWriter.Write(AccountsFixture.Package, folder, dryRun: false, diagnostics);
            diagnostics.Items.Should().BeEmpty();
            RequireCfnLint();

            var result = new PackageValidator().Validate(new PackageValidationOptions(folder)
            {
                CfnLinter = new CfnLintProcess(),
                Settings = GovernanceSettings.From(AccountsFixture.Definition),
            });

            result.Diagnostics.Should().BeEmpty("the package must validate without findings: {0}", string.Join('\n', result.Diagnostics));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Cfn_lint_finds_nothing_in_either_governed_region()
    {
        var file = Path.Combine(Path.GetTempPath(), $"govcfct-vending-{Guid.NewGuid():N}.template");
        File.WriteAllText(file, TemplateText);
        try
        {
            var (exitCode, output) = CfnLint.Lint([file]);
            output.Should().BeEmpty();
            exitCode.Should().Be(0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void State_machine_definition_parses_as_json_and_uses_only_real_sdk_actions()
    {
        var definition = StateMachineDefinition();
        using var parsed = JsonDocument.Parse(definition.ToJsonString());

        var resources = TaskResources(parsed.RootElement).ToList();
        resources.Should().Contain("arn:aws:states:::aws-sdk:servicecatalog:provisionProduct")
            .And.Contain("arn:aws:states:::aws-sdk:servicecatalog:describeRecord")
            .And.Contain("arn:aws:states:::aws-sdk:identitystore:createUser")
            .And.Contain("arn:aws:states:::aws-sdk:ssoadmin:createAccountAssignment")
            .And.Contain("arn:aws:states:::aws-sdk:sns:publish")
            .And.NotContain(r => r.Contains(":lambda:", StringComparison.Ordinal));
        resources.Select(UnknownIntegration).Where(p => p is not null).Should().BeEmpty();
    }

    [Theory]
    [InlineData("arn:aws:states:::aws-sdk:servicecatalog:provisionProducts")]
    [InlineData("arn:aws:states:::aws-sdk:nosuchservice:listThings")]
    [InlineData("arn:aws:states:::lambda:invoke")]
    [InlineData("arn:aws:lambda:ap-northeast-1:111111111111:function:f")]
    public void Integration_check_rejects_what_does_not_exist(string resource) =>
        UnknownIntegration(resource).Should().NotBeNull();

    [Fact]
    public void State_machine_role_allows_every_action_the_definition_calls()
    {
        using var parsed = JsonDocument.Parse(StateMachineDefinition().ToJsonString());
        var allowed = RoleActions();

        var needed = TaskResources(parsed.RootElement)
            .Where(r => !OptimizedIntegrations.Contains(r))
            .Select(r => SdkAction().Match(r))
            .Select(m => $"{IamPrefixes.GetValueOrDefault(m.Groups[1].Value, m.Groups[1].Value)}:{m.Groups[2].Value}")
            .Append("s3:GetObject").Append("s3:PutObject").Append("states:StartExecution")
            .Distinct(StringComparer.OrdinalIgnoreCase);

        needed.Where(a => !allowed.Contains(a)).Should().BeEmpty();
    }

    [Fact]
    public void Every_transition_names_a_state_of_its_own_scope()
    {
        var root = StateMachineDefinition();
        CheckScope(root.AsObject());

        static void CheckScope(JsonObject scope)
        {
            var states = scope["States"]!.AsObject();
            states.Should().ContainKey(scope["StartAt"]!.GetValue<string>());
            foreach (var (name, node) in states)
            {
                var state = node!.AsObject();
                var targets = new List<string?> { state["Next"]?.GetValue<string>(), state["Default"]?.GetValue<string>() };
                targets.AddRange(state["Choices"]?.AsArray().Select(c => c!["Next"]!.GetValue<string>()) ?? []);
                targets.AddRange(state["Catch"]?.AsArray().Select(c => c!["Next"]!.GetValue<string>()) ?? []);
                foreach (var target in targets.OfType<string>())
                {
                    states.Should().ContainKey(target, $"state '{name}' goes to '{target}'");
                }

                if (state["ItemProcessor"] is JsonObject inner)
                {
                    CheckScope(inner);
                }
            }
        }
    }

    [Fact]
    public void Rows_run_at_control_towers_concurrency_and_every_row_is_recorded()
    {
        var map = StateMachineDefinition()["States"]!["ProvisionRows"]!.AsObject();

        map["MaxConcurrency"]!.GetValue<int>().Should().Be(5);
        map["ToleratedFailurePercentage"]!.GetValue<int>().Should().Be(100, "a failed row must not stop the others nor go unrecorded");
        map["ItemReader"]!["ReaderConfig"]!["InputType"]!.GetValue<string>().Should().Be("CSV");
        map["ResultWriter"].Should().NotBeNull();
        map["ItemProcessor"]!["ProcessorConfig"]!["Mode"]!.GetValue<string>().Should().Be("DISTRIBUTED");
    }

    [Fact]
    public void Request_bucket_is_encrypted_private_tls_only_and_starts_the_machine_on_csv_uploads()
    {
        var resources = Resources();
        var bucket = (YamlMappingNode)((YamlMappingNode)resources["RequestBucket"])["Properties"];
        var block = (YamlMappingNode)bucket["PublicAccessBlockConfiguration"];
        block.Children.Values.Select(v => ((YamlScalarNode)v).Value).Should().Equal("true", "true", "true", "true");
        bucket["BucketEncryption"].ToString().Should().Contain("SSEAlgorithm");
        bucket["NotificationConfiguration"].ToString().Should().Contain("EventBridgeEnabled, true");

        var policy = ((YamlMappingNode)resources["RequestBucketPolicy"]).ToString();
        policy.Should().Contain("aws:SecureTransport").And.Contain("Deny");

        var rule = (YamlMappingNode)((YamlMappingNode)resources["CsvUploadedRule"])["Properties"];
        rule["EventPattern"].ToString().Should().Contain("Object Created").And.Contain("requests/*.csv");
    }

    /// <summary>Null when the resource is a real SDK integration (or the map's reader/writer); otherwise why not.</summary>
    private static string? UnknownIntegration(string resource)
    {
        if (OptimizedIntegrations.Contains(resource))
        {
            return null;
        }

        var match = SdkAction().Match(resource);
        if (!match.Success)
        {
            return $"{resource}: not an aws-sdk integration";
        }

        var action = $"{IamPrefixes.GetValueOrDefault(match.Groups[1].Value, match.Groups[1].Value)}:{match.Groups[2].Value}";
        return IamActionCatalog.Default.Exists(action) ? null : $"{resource}: no IAM action {action}";
    }

    private static IEnumerable<string> TaskResources(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "Resource" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }

                foreach (var nested in TaskResources(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(TaskResources))
            {
                yield return nested;
            }
        }
    }

    private static YamlMappingNode Resources()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(TemplateText));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["Resources"];
    }

    private static JsonNode StateMachineDefinition()
    {
        var machine = (YamlMappingNode)Resources()["VendingStateMachine"];
        return TestSupport.StateMachineDefinition.ToJson(((YamlMappingNode)machine["Properties"])["Definition"])!;
    }

    private static HashSet<string> RoleActions()
    {
        var role = (YamlMappingNode)((YamlMappingNode)Resources()["StateMachineRole"])["Properties"];
        var actions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in ((YamlSequenceNode)role["Policies"]).Cast<YamlMappingNode>())
        {
            foreach (var statement in ((YamlSequenceNode)((YamlMappingNode)policy["PolicyDocument"])["Statement"]).Cast<YamlMappingNode>())
            {
                var action = statement["Action"];
                actions.UnionWith(action is YamlSequenceNode list ? list.Select(a => ((YamlScalarNode)a).Value!) : [((YamlScalarNode)action).Value!]);
            }
        }

        return actions;
    }

    private static void RequireCfnLint()
    {
        try
        {
            CfnLint.Run(["--version"]);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException("this test needs cfn-lint on PATH (pip install cfn-lint)", ex);
        }
    }

    [GeneratedRegex("^arn:aws:states:::aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)$")]
    private static partial Regex SdkAction();
}
