using System.Text.Json.Nodes;
using GovCfct.Core.Definition;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.SecurityServices;

/// <summary>
/// security-hub-organization's state machine as rendered from the catalog, checked by the independent oracles:
/// asl-validator for the definition, the real jsonata package for every expression on every path, over responses
/// whose shape botocore's Security Hub and Organizations models confirm. The paths are the landing zones the set-up
/// meets: a fresh organization, one whose audit account is already the delegated administrator with a finding
/// aggregator of its own (only one can exist per account), another administrator, an aggregator in another region,
/// a central configuration that fails, throttling.
/// </summary>
public sealed class SecurityHubOrganizationStateMachineTests : IDisposable
{
    private const string Audit = "210987654321";
    private const string AuditRole = "arn:aws:iam::210987654321:role/gc-security-hub-organization-config";
    private const string AggregatorArn = "arn:aws:securityhub:ap-northeast-1:210987654321:finding-aggregator/123e4567-e89b-12d3-a456-426652340000";
    private const string PolicyId = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
    private const string Fsbp = "arn:aws:securityhub:ap-northeast-1::standards/aws-foundational-security-best-practices/v/1.0.0";

    private static readonly Lazy<JsonObject> Definition = new(() => LoadDefinition("r-ab12", "true"));

    private static readonly HashSet<string> Covered = new(StringComparer.Ordinal);

    private static readonly JsonObject DailyInput = new() { ["trigger"] = "daily" };

    private readonly JsonataSession _session = new();

    [Fact]
    public void Definition_passes_the_asl_validator()
    {
        var results = StepFunctionsOracle.Validate([("security-hub-organization", Definition.Value), ("security-hub-organization-ou", LoadDefinition("ou-ab12-abcdefgh", "false"))]);
        results.Should().HaveCount(2).And.OnlyContain(r => r.Valid, string.Join('\n', results.Select(r => r.Errors)));
    }

    [Fact]
    public void A_fresh_organization_gets_trusted_access_the_administrator_an_aggregator_central_configuration_and_the_policy()
    {
        var arguments = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var (walker, ending) = Walk((state, call, args) =>
        {
            arguments[$"{state}#{call}"] = args?.DeepClone();
            return (state, call) switch
            {
                ("ListServiceAccess", 0) => ServiceAccess("next-page", "sso.amazonaws.com", "controltower.amazonaws.com"),
                ("ListServiceAccess", 1) => ServiceAccess(null, "config.amazonaws.com"),
                ("ListAdminAccounts", _) => Admins(),
                ("ListFindingAggregators", _) => Aggregators(),
                ("DescribeOrganizationConfiguration", 0) => Organization(null, null),
                ("DescribeOrganizationConfiguration", 1) => Organization("CENTRAL", "PENDING"),
                ("ListConfigurationPolicies", _) => Policies(("someone-elses", "other-id")),
                _ => Common(state),
            };
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Configured");
        walker.Visited.Should().Equal(
            "Start", "ListServiceAccess", "CheckServiceAccess", "ListServiceAccess", "CheckServiceAccess", "EnableServiceAccess",
            "ListAdminAccounts", "CheckAdministrator", "EnableAdministrator", "WaitForAdministrator",
            "ListFindingAggregators", "CheckAggregator", "CreateFindingAggregator",
            "DescribeOrganizationConfiguration", "CheckOrganizationConfiguration", "UpdateOrganizationConfiguration", "WaitForCentralConfiguration",
            "DescribeOrganizationConfiguration", "CheckOrganizationConfiguration", "WaitForCentralConfiguration",
            "DescribeOrganizationConfiguration", "CheckOrganizationConfiguration",
            "ListConfigurationPolicies", "CheckPolicy", "CreateConfigurationPolicy", "AssociatePolicy", "Configured");
        arguments["ListServiceAccess#1"]!["NextToken"]!.GetValue<string>().Should().Be("next-page");
        Request("organizations", "EnableAWSServiceAccess", arguments["EnableServiceAccess#0"]!)["ServicePrincipal"]!.GetValue<string>().Should().Be("securityhub.amazonaws.com");
        Request("securityhub", "EnableOrganizationAdminAccount", arguments["EnableAdministrator#0"]!)["AdminAccountId"]!.GetValue<string>().Should().Be(Audit);
        var create = Request("securityhub", "CreateFindingAggregator", arguments["CreateFindingAggregator#0"]!);
        create["RegionLinkingMode"]!.GetValue<string>().Should().Be("SPECIFIED_REGIONS");
        create["Regions"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("ap-northeast-3");
        var central = Request("securityhub", "UpdateOrganizationConfiguration", arguments["UpdateOrganizationConfiguration#0"]!);
        central["AutoEnable"]!.GetValue<bool>().Should().BeFalse();
        central["AutoEnableStandards"]!.GetValue<string>().Should().Be("NONE");
        central["OrganizationConfiguration"]!["ConfigurationType"]!.GetValue<string>().Should().Be("CENTRAL");
        var policy = Request("securityhub", "CreateConfigurationPolicy", arguments["CreateConfigurationPolicy#0"]!);
        policy["Name"]!.GetValue<string>().Should().Be("gc-security-hub");
        policy["ConfigurationPolicy"]!["SecurityHub"]!["EnabledStandardIdentifiers"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal(Fsbp);
        var association = Request("securityhub", "StartConfigurationPolicyAssociation", arguments["AssociatePolicy#0"]!);
        association["ConfigurationPolicyIdentifier"]!.GetValue<string>().Should().Be(PolicyId);
        association["Target"]!.ToJsonString().Should().Be("""{"RootId":"r-ab12"}""");
        ending.Output!["ConfigurationPolicyId"]!.GetValue<string>().Should().Be(PolicyId);
    }

    [Fact]
    public void A_landing_zone_that_already_has_the_administrator_and_an_aggregator_is_read_not_recreated()
    {
        // The landing zone: trusted access on, the audit account already the delegated administrator, an
        // aggregator of its own (ALL_REGIONS) and central configuration on; the package's policy exists from an
        // earlier run. Nothing may be created again: only the aggregator's regions and the policy are put right.
        var arguments = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var (walker, ending) = Walk((state, call, args) =>
        {
            arguments[$"{state}#{call}"] = args?.DeepClone();
            return state switch
            {
                "GetFindingAggregator" => Aggregator("ap-northeast-1", "ALL_REGIONS"),
                _ => Common(state),
            };
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Configured");
        walker.Visited.Should().NotContain(["EnableServiceAccess", "EnableAdministrator", "CreateFindingAggregator", "UpdateOrganizationConfiguration", "CreateConfigurationPolicy"]);
        walker.Visited.Should().ContainInOrder("GetFindingAggregator", "CheckAggregatorRegions", "UpdateFindingAggregator", "DescribeOrganizationConfiguration", "ListConfigurationPolicies", "UpdateConfigurationPolicy", "AssociatePolicy");
        var update = Request("securityhub", "UpdateFindingAggregator", arguments["UpdateFindingAggregator#0"]!);
        update["FindingAggregatorArn"]!.GetValue<string>().Should().Be(AggregatorArn);
        update["Regions"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("ap-northeast-3");
        Request("securityhub", "UpdateConfigurationPolicy", arguments["UpdateConfigurationPolicy#0"]!)["Identifier"]!.GetValue<string>().Should().Be(PolicyId);
    }

    [Fact]
    public void An_aggregator_that_already_links_the_governed_regions_is_left_as_it_is()
    {
        var (walker, ending) = Walk((state, call, args) => Common(state));

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Configured");
        walker.Visited.Should().NotContain(["UpdateFindingAggregator", "CreateFindingAggregator"]);
    }

    [Theory]
    [InlineData("999988887777", "ENABLED")]
    [InlineData(Audit, "DISABLE_IN_PROGRESS")]
    public void Another_administrator_is_never_replaced(string admin, string status)
    {
        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "ListAdminAccounts" => Admins((admin, status)),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.Error.Should().Be("OtherDelegatedAdministrator");
        ending.Cause.Should().Contain($"{admin} ({status})").And.Contain(Audit).And.Contain("DisableOrganizationAdminAccount");
        walker.Visited.Should().NotContain(["EnableAdministrator", "ListFindingAggregators"]);
    }

    [Fact]
    public void An_aggregator_in_another_region_stops_the_run_and_says_what_to_do()
    {
        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "GetFindingAggregator" => Aggregator("us-east-1", "ALL_REGIONS"),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.Error.Should().Be("OtherAggregationRegion");
        ending.Cause.Should().Contain("us-east-1").And.Contain(AggregatorArn).And.Contain("DeleteFindingAggregator");
        walker.Visited.Should().NotContain(["UpdateFindingAggregator", "UpdateOrganizationConfiguration"]);
    }

    [Fact]
    public void A_central_configuration_that_fails_ends_with_Security_Hubs_message()
    {
        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "DescribeOrganizationConfiguration" => Organization("CENTRAL", "FAILED", "The delegated administrator is not a member account."),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.Error.Should().Be("CentralConfigurationFailed");
        ending.Cause.Should().Be($"Security Hub central configuration of {Audit} in ap-northeast-1 is FAILED after 1 checks: The delegated administrator is not a member account.");
    }

    [Fact]
    public void A_central_configuration_that_stays_pending_fails_after_ten_checks()
    {
        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "DescribeOrganizationConfiguration" => Organization("LOCAL", "ENABLED"),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.Error.Should().Be("CentralConfigurationFailed");
        ending.Cause.Should().Contain("ENABLED after 10 checks");
        walker.Visited.Count(s => s == "UpdateOrganizationConfiguration").Should().Be(9);
    }

    [Fact]
    public void Throttled_calls_are_retried_and_then_succeed()
    {
        var (walker, ending) = Walk((state, call, args) => (state, call) switch
        {
            ("ListServiceAccess", 0) => JsonataWalker.Outcome.Fail("Organizations.TooManyRequestsException", "Rate exceeded"),
            ("ListAdminAccounts", 0) => JsonataWalker.Outcome.Fail("SecurityHub.TooManyRequestsException", "Rate exceeded"),
            ("ListConfigurationPolicies", 0) => JsonataWalker.Outcome.Fail("SecurityHub.InternalException", "Internal error"),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Configured");
        walker.Retried.Should().Equal(
            "ListServiceAccess: Organizations.TooManyRequestsException",
            "ListAdminAccounts: SecurityHub.TooManyRequestsException",
            "ListConfigurationPolicies: SecurityHub.InternalException");
    }

    [Theory]
    [InlineData("ListServiceAccess", "Organizations.AccessDeniedException")]
    [InlineData("EnableServiceAccess", "Organizations.ConstraintViolationException")]
    [InlineData("EnableAdministrator", "SecurityHub.InvalidInputException")]
    [InlineData("ListFindingAggregators", "States.TaskFailed")]
    [InlineData("CreateFindingAggregator", "SecurityHub.InvalidInputException")]
    [InlineData("GetFindingAggregator", "SecurityHub.ResourceNotFoundException")]
    [InlineData("UpdateFindingAggregator", "SecurityHub.AccessDeniedException")]
    [InlineData("DescribeOrganizationConfiguration", "SecurityHub.InvalidAccessException")]
    [InlineData("UpdateOrganizationConfiguration", "SecurityHub.ResourceConflictException")]
    [InlineData("ListConfigurationPolicies", "SecurityHub.AccessDeniedException")]
    [InlineData("CreateConfigurationPolicy", "SecurityHub.ResourceConflictException")]
    [InlineData("UpdateConfigurationPolicy", "SecurityHub.ResourceNotFoundException")]
    [InlineData("AssociatePolicy", "SecurityHub.InvalidInputException")]
    public void Any_other_failure_ends_in_Failed_naming_the_step(string failing, string error)
    {
        var (walker, ending) = Walk((state, call, args) => state == failing
            ? JsonataWalker.Outcome.Fail(error, "denied or rejected")
            : state switch
            {
                "ListServiceAccess" => ServiceAccess(null),
                "ListAdminAccounts" => Admins(),
                "ListFindingAggregators" when failing is "CreateFindingAggregator" => Aggregators(),
                "GetFindingAggregator" => Aggregator("ap-northeast-1", "NO_REGIONS"),
                "DescribeOrganizationConfiguration" when failing is "UpdateOrganizationConfiguration" => Organization("LOCAL", "ENABLED"),
                "ListConfigurationPolicies" when failing is "CreateConfigurationPolicy" => Policies(),
                _ => Common(state),
            });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Failed");
        ending.Error.Should().Be("SecurityHubOrganizationFailed");
        ending.Cause.Should().Be($"{failing} failed in ap-northeast-1: {error}: denied or rejected");
        walker.Retried.Should().BeEmpty("only throttling and internal errors are retried");
    }

    [Fact]
    public void Empty_and_missing_response_members_are_not_undefined()
    {
        // Security Hub and Organizations leave empty lists and absent optional members out of their answers.
        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "ListServiceAccess" => Ok("organizations", "ListAWSServiceAccessForOrganization", new JsonObject()),
            "ListAdminAccounts" => Ok("securityhub", "ListOrganizationAdminAccounts", new JsonObject()),
            "ListFindingAggregators" => Ok("securityhub", "ListFindingAggregators", new JsonObject()),
            "DescribeOrganizationConfiguration" => Ok("securityhub", "DescribeOrganizationConfiguration", new JsonObject { ["AutoEnable"] = false }),
            "ListConfigurationPolicies" => Ok("securityhub", "ListConfigurationPolicies", new JsonObject()),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.Error.Should().Be("CentralConfigurationFailed");
        ending.Cause.Should().Contain("not reported after 10 checks");
        walker.Visited.Should().ContainInOrder("EnableServiceAccess", "EnableAdministrator", "CreateFindingAggregator", "UpdateOrganizationConfiguration");
    }

    [Fact]
    public void Without_the_standard_and_with_an_OU_target_the_policy_and_association_follow()
    {
        var definition = LoadDefinition("ou-ab12-abcdefgh", "false");
        var arguments = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var walker = new JsonataWalker((state, call, args) =>
        {
            arguments[state] = args?.DeepClone();
            return state == "ListConfigurationPolicies" ? Policies() : Common(state);
        }, Context(), _session);
        var ending = walker.Run(definition, DailyInput.DeepClone(), new Dictionary<string, JsonNode?>(StringComparer.Ordinal));

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Configured");
        arguments["CreateConfigurationPolicy"]!["ConfigurationPolicy"]!["SecurityHub"]!["EnabledStandardIdentifiers"]!.AsArray().Should().BeEmpty();
        arguments["AssociatePolicy"]!["Target"]!.ToJsonString().Should().Be("""{"OrganizationalUnitId":"ou-ab12-abcdefgh"}""");
        Request("securityhub", "StartConfigurationPolicyAssociation", arguments["AssociatePolicy"]!);
    }

    [Fact]
    public void Every_expression_of_the_definition_is_evaluated_by_some_path()
    {
        using var tests = new SecurityHubOrganizationStateMachineTests();
        tests.A_fresh_organization_gets_trusted_access_the_administrator_an_aggregator_central_configuration_and_the_policy();
        tests.A_landing_zone_that_already_has_the_administrator_and_an_aggregator_is_read_not_recreated();
        tests.Another_administrator_is_never_replaced("999988887777", "ENABLED");
        tests.An_aggregator_in_another_region_stops_the_run_and_says_what_to_do();
        tests.A_central_configuration_that_fails_ends_with_Security_Hubs_message();
        tests.Any_other_failure_ends_in_Failed_naming_the_step("EnableAdministrator", "SecurityHub.InvalidInputException");
        var all = JsonataWalker.Expressions(Definition.Value).Select(e => e.Expression).Distinct(StringComparer.Ordinal).ToList();
        all.Should().HaveCountGreaterThan(20);
        lock (Covered)
        {
            all.Where(e => !Covered.Contains(e)).Should().BeEmpty("every expression must be evaluated on some path");
        }
    }

    [Fact]
    public void Every_error_the_definition_catches_or_retries_is_a_real_error_of_the_operation()
    {
        var throttling = BotocoreModels.ThrottlingErrorCodes();
        var checkedNames = 0;
        foreach (var (name, state) in Tasks())
        {
            var (service, prefix, operation) = Operation(state);
            foreach (var error in state["Retry"]!.AsArray().Concat(state["Catch"]!.AsArray()).SelectMany(r => r!["ErrorEquals"]!.AsArray()).Select(e => e!.GetValue<string>()))
            {
                if (error.StartsWith("States.", StringComparison.Ordinal))
                {
                    continue;
                }

                error.Should().StartWith(prefix + ".", $"state {name} calls {service}");
                var shape = error[(prefix.Length + 1)..];
                (BotocoreModels.HasError(service, operation, shape) || throttling.Contains(shape)).Should().BeTrue($"{error} must be an error of {service} {operation} or a throttling code");
                checkedNames++;
            }

            state["Catch"]!.AsArray().Last()!["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>()).Should().Equal(["States.ALL"], $"state {name} ends every failure in a Fail state");
        }

        checkedNames.Should().BeGreaterThan(30);
    }

    [Fact]
    public void Only_the_audit_accounts_calls_run_with_its_role()
    {
        var management = new[] { "listAWSServiceAccessForOrganization", "enableAWSServiceAccess", "listOrganizationAdminAccounts", "enableOrganizationAdminAccount" };
        foreach (var (name, state) in Tasks())
        {
            var role = state["Credentials"]?["RoleArn"]?.GetValue<string>();
            var action = state["Resource"]!.GetValue<string>().Split(':')[^1];
            if (management.Contains(action))
            {
                role.Should().BeNull($"{name} must run in the management account, the only one that may designate the administrator");
            }
            else
            {
                role.Should().Be(AuditRole, $"{name} acts as the delegated administrator");
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private (JsonataWalker Walker, JsonataWalker.Ending Ending) Walk(JsonataWalker.Responder responder)
    {
        var walker = new JsonataWalker(responder, Context(), _session);
        var ending = walker.Run(Definition.Value, DailyInput.DeepClone(), new Dictionary<string, JsonNode?>(StringComparer.Ordinal));
        lock (Covered)
        {
            Covered.UnionWith(walker.Evaluated.Select(e => e[(e.LastIndexOf('|') + 1)..]));
        }

        return (walker, ending);
    }

    private static JsonObject Context() => new()
    {
        ["Execution"] = new JsonObject { ["Name"] = "run-1", ["Id"] = "arn:aws:states:ap-northeast-1:111122223333:execution:gc-security-hub-organization:run-1" },
        ["StateMachine"] = new JsonObject { ["Name"] = "gc-security-hub-organization" },
    };

    /// <summary>The answers of a run where everything is already in place, each checked against botocore's output shape.</summary>
    private static JsonataWalker.Outcome Common(string state) => state switch
    {
        "ListServiceAccess" => ServiceAccess(null, "controltower.amazonaws.com", "securityhub.amazonaws.com"),
        "EnableServiceAccess" => Ok("organizations", "EnableAWSServiceAccess", null),
        "ListAdminAccounts" => Admins((Audit, "ENABLED")),
        "EnableAdministrator" => Ok("securityhub", "EnableOrganizationAdminAccount", new JsonObject { ["AdminAccountId"] = Audit }),
        "ListFindingAggregators" => Aggregators(AggregatorArn),
        "GetFindingAggregator" => Aggregator("ap-northeast-1", "SPECIFIED_REGIONS", "ap-northeast-3"),
        "CreateFindingAggregator" => Ok("securityhub", "CreateFindingAggregator", new JsonObject { ["FindingAggregatorArn"] = AggregatorArn, ["FindingAggregationRegion"] = "ap-northeast-1", ["RegionLinkingMode"] = "SPECIFIED_REGIONS", ["Regions"] = new JsonArray("ap-northeast-3") }),
        "UpdateFindingAggregator" => Ok("securityhub", "UpdateFindingAggregator", new JsonObject { ["FindingAggregatorArn"] = AggregatorArn, ["RegionLinkingMode"] = "SPECIFIED_REGIONS", ["Regions"] = new JsonArray("ap-northeast-3") }),
        "DescribeOrganizationConfiguration" => Organization("CENTRAL", "ENABLED"),
        "UpdateOrganizationConfiguration" => Ok("securityhub", "UpdateOrganizationConfiguration", new JsonObject()),
        "ListConfigurationPolicies" => Policies(("other", "other-id"), ("gc-security-hub", PolicyId)),
        "CreateConfigurationPolicy" => Ok("securityhub", "CreateConfigurationPolicy", new JsonObject { ["Arn"] = "arn:aws:securityhub:ap-northeast-1:210987654321:configuration-policy/" + PolicyId, ["Id"] = PolicyId, ["Name"] = "gc-security-hub" }),
        "UpdateConfigurationPolicy" => Ok("securityhub", "UpdateConfigurationPolicy", new JsonObject { ["Id"] = PolicyId, ["Name"] = "gc-security-hub" }),
        "AssociatePolicy" => Ok("securityhub", "StartConfigurationPolicyAssociation", new JsonObject { ["ConfigurationPolicyId"] = PolicyId, ["TargetId"] = "r-ab12", ["TargetType"] = "ROOT", ["AssociationStatus"] = "PENDING" }),
        _ => throw new InvalidOperationException($"no answer for state {state}"),
    };

    private static JsonataWalker.Outcome ServiceAccess(string? nextToken, params string[] principals)
    {
        var response = new JsonObject();
        if (principals.Length > 0)
        {
            response["EnabledServicePrincipals"] = new JsonArray([.. principals.Select(p => (JsonNode)new JsonObject { ["ServicePrincipal"] = p })]);
        }

        if (nextToken is not null)
        {
            response["NextToken"] = nextToken;
        }

        return Ok("organizations", "ListAWSServiceAccessForOrganization", response);
    }

    private static JsonataWalker.Outcome Admins(params (string Id, string Status)[] admins) =>
        Ok("securityhub", "ListOrganizationAdminAccounts", new JsonObject { ["AdminAccounts"] = new JsonArray([.. admins.Select(a => (JsonNode)new JsonObject { ["AccountId"] = a.Id, ["Status"] = a.Status })]) });

    private static JsonataWalker.Outcome Aggregators(params string[] arns) =>
        Ok("securityhub", "ListFindingAggregators", new JsonObject { ["FindingAggregators"] = new JsonArray([.. arns.Select(a => (JsonNode)new JsonObject { ["FindingAggregatorArn"] = a })]) });

    private static JsonataWalker.Outcome Aggregator(string region, string mode, params string[] regions)
    {
        var response = new JsonObject { ["FindingAggregatorArn"] = AggregatorArn, ["FindingAggregationRegion"] = region, ["RegionLinkingMode"] = mode };
        if (regions.Length > 0)
        {
            response["Regions"] = new JsonArray([.. regions.Select(r => (JsonNode)r)]);
        }

        return Ok("securityhub", "GetFindingAggregator", response);
    }

    private static JsonataWalker.Outcome Organization(string? type, string? status, string? message = null)
    {
        var configuration = new JsonObject();
        if (type is not null)
        {
            configuration["ConfigurationType"] = type;
        }

        if (status is not null)
        {
            configuration["Status"] = status;
        }

        if (message is not null)
        {
            configuration["StatusMessage"] = message;
        }

        return Ok("securityhub", "DescribeOrganizationConfiguration", new JsonObject { ["AutoEnable"] = false, ["MemberAccountLimitReached"] = false, ["AutoEnableStandards"] = "NONE", ["OrganizationConfiguration"] = configuration });
    }

    private static JsonataWalker.Outcome Policies(params (string Name, string Id)[] policies) =>
        Ok("securityhub", "ListConfigurationPolicies", new JsonObject { ["ConfigurationPolicySummaries"] = new JsonArray([.. policies.Select(p => (JsonNode)new JsonObject { ["Arn"] = "arn:aws:securityhub:ap-northeast-1:210987654321:configuration-policy/" + p.Id, ["Id"] = p.Id, ["Name"] = p.Name, ["ServiceEnabled"] = true })]) });

    /// <summary>A response checked against botocore's output shape; null for an operation without output (Step Functions gives {}).</summary>
    private static JsonataWalker.Outcome Ok(string service, string operation, JsonObject? response)
    {
        if (response is null)
        {
            BotocoreModels.Model(service)["operations"]![operation]!["output"].Should().BeNull($"{operation} answers nothing");
            return JsonataWalker.Outcome.Ok(new JsonObject());
        }

        BotocoreModels.ResponseProblems(service, operation, response).Should().BeEmpty($"the test's {operation} response must be shaped like botocore's");
        return JsonataWalker.Outcome.Ok(response);
    }

    /// <summary>The request's members must be those of botocore's input shape, with every required one present.</summary>
    private static JsonNode Request(string service, string operation, JsonNode request)
    {
        var model = BotocoreModels.Model(service);
        var shape = model["shapes"]![model["operations"]![operation]!["input"]!["shape"]!.GetValue<string>()]!;
        var members = shape["members"]!.AsObject();
        request.AsObject().Select(kv => kv.Key).Where(k => !members.ContainsKey(k)).Should().BeEmpty($"{operation} has these members");
        (shape["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []).Where(r => request[r] is null).Should().BeEmpty($"{operation} requires these members");
        return request;
    }

    private static IEnumerable<(string Name, JsonObject State)> Tasks() =>
        Definition.Value["States"]!.AsObject().Where(s => s.Value!["Type"]!.GetValue<string>() == "Task").Select(s => (s.Key, s.Value!.AsObject()));

    /// <summary>The botocore service, the Step Functions error prefix and the operation of an aws-sdk task.</summary>
    private static (string Service, string Prefix, string Operation) Operation(JsonObject state)
    {
        var parts = state["Resource"]!.GetValue<string>().Split(':');
        var action = parts[^1];
        var operation = char.ToUpperInvariant(action[0]) + action[1..];
        return parts[^2] switch
        {
            "securityhub" => ("securityhub", "SecurityHub", operation),
            "organizations" => ("organizations", "Organizations", operation.Replace("Aws", "AWS", StringComparison.Ordinal)),
            var other => throw new InvalidOperationException($"unexpected service {other}"),
        };
    }

    /// <summary>The rendered template's Definition as JSON, with DefinitionSubstitutions replaced by sample values.</summary>
    private static JsonObject LoadDefinition(string target, string fsbp)
    {
        var parameters = CatalogFixture.RequiredSamples.Where(p => p.Name != "PolicyTargetId").Append(("PolicyTargetId", ParameterValue.Of(target))).ToArray();
        var text = CatalogFixture.Render("security-hub-organization", parameters);
        return StateMachineDefinition.Load(text, "StateMachine", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AuditAccountId"] = Audit,
            ["AuditRoleArn"] = AuditRole,
            ["Region"] = "ap-northeast-1",
            ["PolicyTargetId"] = target,
            ["EnableFsbp"] = fsbp,
            ["FsbpArn"] = Fsbp,
        });
    }
}
