using System.Text.Json.Nodes;
using GovCfct.Core.Definition;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.SecurityServices;

/// <summary>
/// guardduty-organization's state machine as rendered from the catalog, checked by the independent oracles:
/// asl-validator for the definition, and the real jsonata package for every expression on every path (already
/// administrator or not, another administrator, detector present or not, "detector already exists", already
/// configured or not, throttled then OK, failures), over responses whose shape botocore's GuardDuty model confirms.
/// In JSONata mode an Assign, Output or Arguments value that is undefined fails the state, so none may be.
/// </summary>
public sealed class GuardDutyOrganizationStateMachineTests : IDisposable
{
    private const string Audit = "210987654321";
    private const string AuditRole = "arn:aws:iam::210987654321:role/gc-guardduty-organization-config";
    private const string DetectorId = "12abc34d567e8fa901bc2d34e56789f0";

    private static readonly string[] ShippedFeatures = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"];

    private static readonly Lazy<JsonObject> Definition = new(() => LoadDefinition());

    private static readonly HashSet<string> Covered = new(StringComparer.Ordinal);

    private readonly JsonataSession _session = new();

    /// <summary>The daily schedule's input; the lifecycle events' input is walked in its own test.</summary>
    private static readonly JsonObject DailyInput = new() { ["trigger"] = "daily" };

    [Fact]
    public void Definition_passes_the_asl_validator()
    {
        var results = StepFunctionsOracle.Validate([("guardduty-organization", Definition.Value), ("guardduty-organization-one-feature", LoadDefinition(["RUNTIME_MONITORING"]))]);
        results.Should().HaveCount(2).And.OnlyContain(r => r.Valid, string.Join('\n', results.Select(r => r.Errors)));
    }

    [Fact]
    public void A_fresh_organization_gets_the_administrator_a_detector_and_auto_enable_ALL()
    {
        var arguments = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var (walker, ending) = Walk((state, call, args) =>
        {
            arguments[$"{state}#{call}"] = args?.DeepClone();
            return (state, call) switch
            {
                ("ListAdminAccounts", _) => Admins(),
                ("ListDetectors", 0) => Detectors(),
                ("ListDetectors", 1) => Detectors(DetectorId),
                ("DescribeOrganizationConfiguration", _) => Configuration("NEW", ("S3_DATA_EVENTS", "NEW")),
                _ => Common(state),
            };
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Configured");
        ending.Output!["Changed"]!.GetValue<bool>().Should().BeTrue();
        ending.Output["DetectorId"]!.GetValue<string>().Should().Be(DetectorId);
        walker.Visited.Should().Equal("ListAdminAccounts", "CheckAdministrator", "EnableAdministrator", "WaitForAdministrator", "ListDetectors", "CheckDetector", "CreateDetector", "ListDetectors", "CheckDetector", "DescribeOrganizationConfiguration", "CheckConfiguration", "UpdateOrganizationConfiguration", "Configured");
        arguments["EnableAdministrator#0"]!["AdminAccountId"]!.GetValue<string>().Should().Be(Audit);
        Features(arguments["CreateDetector#0"]!, "Status").Should().Equal(ShippedFeatures.Select(f => (f, "ENABLED")));
        var update = arguments["UpdateOrganizationConfiguration#0"]!;
        update["DetectorId"]!.GetValue<string>().Should().Be(DetectorId);
        update["AutoEnableOrganizationMembers"]!.GetValue<string>().Should().Be("ALL");
        Features(update, "AutoEnable").Should().Equal(ShippedFeatures.Select(f => (f, "ALL")));
        Request("CreateDetector", update: false, arguments["CreateDetector#0"]!);
        Request("UpdateOrganizationConfiguration", update: true, update);
    }

    [Fact]
    public void An_organization_already_configured_is_left_unchanged()
    {
        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "DescribeOrganizationConfiguration" => Configuration("ALL", [.. ShippedFeatures.Select(f => (f, "ALL")), ("RUNTIME_MONITORING", "NONE")]),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("AlreadyConfigured");
        ending.Output!["Changed"]!.GetValue<bool>().Should().BeFalse();
        walker.Visited.Should().NotContain(["EnableAdministrator", "CreateDetector", "UpdateOrganizationConfiguration"]);
    }

    [Theory]
    [InlineData("NEW", "ALL")]
    [InlineData("ALL", "NEW")]
    [InlineData("ALL", null)]
    [InlineData(null, "ALL")]
    public void Members_or_a_feature_not_on_ALL_is_updated(string? members, string? lambdaFeature)
    {
        var features = ShippedFeatures.Where(f => f != "LAMBDA_NETWORK_LOGS").Select(f => (f, "ALL")).ToList();
        if (lambdaFeature is not null)
        {
            features.Add(("LAMBDA_NETWORK_LOGS", lambdaFeature));
        }

        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "DescribeOrganizationConfiguration" => Configuration(members, [.. features]),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Configured");
        walker.Visited.Should().Contain("UpdateOrganizationConfiguration");
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
        ending.State.Should().Be("OtherAdministrator");
        ending.Error.Should().Be("OtherDelegatedAdministrator");
        ending.Cause.Should().Contain($"{admin} ({status})").And.Contain("ap-northeast-1").And.Contain(Audit);
        walker.Visited.Should().NotContain(["EnableAdministrator", "ListDetectors"]);
    }

    [Fact]
    public void A_detector_that_appears_meanwhile_is_success_not_failure()
    {
        var (walker, ending) = Walk((state, call, args) => (state, call) switch
        {
            ("ListDetectors", 0) => Detectors(),
            ("CreateDetector", _) => Error("CreateDetector", "BadRequestException", "The request is rejected because a detector already exists for the current account."),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("AlreadyConfigured");
        walker.Visited.Should().ContainInOrder("CreateDetector", "DetectorExists", "WaitForDetector", "ListDetectors", "DescribeOrganizationConfiguration");
    }

    [Fact]
    public void A_detector_that_never_appears_fails_with_NoDetector_after_three_attempts()
    {
        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "ListDetectors" => Detectors(),
            "CreateDetector" => Error("CreateDetector", "BadRequestException", "The request is rejected because a detector already exists for the current account."),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("NoDetector");
        ending.Cause.Should().Contain("after 3 attempts").And.Contain(Audit);
        walker.Visited.Count(s => s == "CreateDetector").Should().Be(3);
    }

    [Fact]
    public void Another_bad_request_creating_the_detector_fails_with_its_cause()
    {
        var (walker, ending) = Walk((state, call, args) => (state, call) switch
        {
            ("ListDetectors", 0) => Detectors(),
            ("CreateDetector", _) => Error("CreateDetector", "BadRequestException", "The request is rejected because an invalid or out-of-range value is specified as an input parameter."),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Failed");
        ending.Error.Should().Be("GuardDutyOrganizationFailed");
        ending.Cause.Should().Be("CreateDetector failed in ap-northeast-1: GuardDuty.BadRequestException: The request is rejected because an invalid or out-of-range value is specified as an input parameter.");
    }

    [Fact]
    public void Throttled_calls_are_retried_and_then_succeed()
    {
        var (walker, ending) = Walk((state, call, args) => (state, call) switch
        {
            ("ListAdminAccounts", 0) => Throttled(),
            ("ListDetectors", 0 or 1) => Throttled(),
            ("UpdateOrganizationConfiguration", 0) => Error("UpdateOrganizationConfiguration", "InternalServerErrorException", "Internal server error"),
            ("DescribeOrganizationConfiguration", _) => Configuration("NEW"),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Configured");
        walker.Retried.Should().Equal(
            "ListAdminAccounts: GuardDuty.TooManyRequestsException",
            "ListDetectors: GuardDuty.TooManyRequestsException",
            "ListDetectors: GuardDuty.TooManyRequestsException",
            "UpdateOrganizationConfiguration: GuardDuty.InternalServerErrorException");
    }

    [Fact]
    public void Throttling_that_outlasts_the_retries_fails_with_a_clear_cause()
    {
        var (walker, ending) = Walk((state, call, args) => state switch
        {
            "DescribeOrganizationConfiguration" => Throttled(),
            _ => Common(state),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Failed");
        ending.Cause.Should().StartWith("DescribeOrganizationConfiguration failed in ap-northeast-1: GuardDuty.TooManyRequestsException");
        walker.Retried.Should().HaveCount(6);
    }

    [Theory]
    [InlineData("ListAdminAccounts", "GuardDuty.BadRequestException")]
    [InlineData("EnableAdministrator", "GuardDuty.BadRequestException")]
    [InlineData("ListDetectors", "States.TaskFailed")]
    [InlineData("UpdateOrganizationConfiguration", "GuardDuty.BadRequestException")]
    public void Any_other_failure_ends_in_Failed_naming_the_step(string failing, string error)
    {
        var (walker, ending) = Walk((state, call, args) => state == failing
            ? JsonataWalker.Outcome.Fail(error, "denied or rejected")
            : state switch
            {
                "ListAdminAccounts" => Admins(),
                "ListDetectors" => Detectors(DetectorId),
                "DescribeOrganizationConfiguration" => Configuration("NONE"),
                _ => Common(state),
            });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Failed");
        ending.Cause.Should().Be($"{failing} failed in ap-northeast-1: {error}: denied or rejected");
        walker.Retried.Should().BeEmpty("only throttling and internal errors are retried");
    }

    [Fact]
    public void A_control_tower_lifecycle_event_starts_the_same_idempotent_run()
    {
        var lifecycle = new JsonObject
        {
            ["source"] = "aws.controltower",
            ["detail-type"] = "AWS Service Event via CloudTrail",
            ["account"] = "111122223333",
            ["region"] = "ap-northeast-1",
            ["detail"] = new JsonObject
            {
                ["eventName"] = "CreateManagedAccount",
                ["serviceEventDetails"] = new JsonObject { ["createManagedAccountStatus"] = new JsonObject { ["state"] = "SUCCEEDED", ["account"] = new JsonObject { ["accountId"] = "444455556666", ["accountName"] = "digital" } } },
            },
        };
        var (walker, ending) = Walk((state, call, args) => Common(state), lifecycle);

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("AlreadyConfigured");
    }

    [Fact]
    public void A_single_feature_is_still_sent_as_a_list()
    {
        var definition = LoadDefinition(["RUNTIME_MONITORING"]);
        JsonNode? update = null;
        var walker = new JsonataWalker((state, call, args) =>
        {
            if (state == "UpdateOrganizationConfiguration")
            {
                update = args?.DeepClone();
            }

            return state == "DescribeOrganizationConfiguration" ? Configuration("ALL") : Common(state);
        }, Context(), _session);
        walker.Run(definition, DailyInput.DeepClone(), new Dictionary<string, JsonNode?>(StringComparer.Ordinal));

        walker.Problems.Should().BeEmpty();
        Features(update!, "AutoEnable").Should().Equal([("RUNTIME_MONITORING", "ALL")]);
        Request("UpdateOrganizationConfiguration", update: true, update!);
    }

    [Fact]
    public void Every_expression_of_the_definition_is_evaluated_by_some_path()
    {
        // Runs every path above (xunit gives no order across tests), then compares expression texts.
        using var tests = new GuardDutyOrganizationStateMachineTests();
        tests.A_fresh_organization_gets_the_administrator_a_detector_and_auto_enable_ALL();
        tests.An_organization_already_configured_is_left_unchanged();
        tests.Another_administrator_is_never_replaced("999988887777", "ENABLED");
        tests.A_detector_that_appears_meanwhile_is_success_not_failure();
        tests.A_detector_that_never_appears_fails_with_NoDetector_after_three_attempts();
        tests.Another_bad_request_creating_the_detector_fails_with_its_cause();
        tests.Throttled_calls_are_retried_and_then_succeed();
        tests.Any_other_failure_ends_in_Failed_naming_the_step("EnableAdministrator", "GuardDuty.BadRequestException");

        var all = JsonataWalker.Expressions(Definition.Value).Select(e => e.Expression).Distinct(StringComparer.Ordinal).ToList();
        all.Should().HaveCountGreaterThan(15);
        lock (Covered)
        {
            all.Where(e => !Covered.Contains(e)).Should().BeEmpty("every expression must be evaluated on some path");
        }
    }

    [Fact]
    public void Every_error_the_definition_catches_or_retries_is_a_real_GuardDuty_error()
    {
        // Step Functions names SDK errors <Service>.<Shape> (docs/facts/landing-zone.md §8.3): each must be an error of the
        // state's operation in botocore's model, or a throttling code botocore's retry mode knows (unmodeled errors).
        var throttling = BotocoreModels.ThrottlingErrorCodes();
        var checkedNames = 0;
        foreach (var (name, state) in Tasks())
        {
            var operation = Operation(state);
            foreach (var error in (state["Retry"]?.AsArray() ?? []).Concat(state["Catch"]?.AsArray() ?? []).SelectMany(r => r!["ErrorEquals"]!.AsArray()).Select(e => e!.GetValue<string>()))
            {
                if (error.StartsWith("States.", StringComparison.Ordinal))
                {
                    continue;
                }

                error.Should().StartWith("GuardDuty.", $"state {name} calls GuardDuty");
                var shape = error["GuardDuty.".Length..];
                (BotocoreModels.HasError("guardduty", operation, shape) || throttling.Contains(shape)).Should().BeTrue($"{error} must be an error of GuardDuty {operation} or a throttling code");
                checkedNames++;
            }

            var retried = state["Retry"]!.AsArray().SelectMany(r => r!["ErrorEquals"]!.AsArray()).Select(e => e!.GetValue<string>()).ToList();
            retried.Should().Contain(["GuardDuty.ThrottlingException", "GuardDuty.TooManyRequestsException", "GuardDuty.InternalServerErrorException"], $"state {name} retries throttling");
            retried.Should().NotContain("GuardDuty.BadRequestException", "a rejected request is not retried blindly");
            state["Catch"]!.AsArray().Last()!["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>()).Should().Equal(["States.ALL"], $"state {name} ends every failure in a Fail state");
        }

        checkedNames.Should().BeGreaterThan(15);
        throttling.Should().Contain(["ThrottlingException", "TooManyRequestsException"]);
    }

    [Fact]
    public void Only_the_detector_and_configuration_calls_run_as_the_audit_account()
    {
        var audit = new[] { "listDetectors", "createDetector", "describeOrganizationConfiguration", "updateOrganizationConfiguration" };
        foreach (var (name, state) in Tasks())
        {
            var role = state["Credentials"]?["RoleArn"]?.GetValue<string>();
            var operation = state["Resource"]!.GetValue<string>().Split(':')[^1];
            if (audit.Contains(operation))
            {
                role.Should().Be(AuditRole, $"{name} acts as the delegated administrator");
            }
            else
            {
                role.Should().BeNull($"{name} must run in the management account, the only one that may designate the administrator");
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private (JsonataWalker Walker, JsonataWalker.Ending Ending) Walk(JsonataWalker.Responder responder, JsonObject? input = null)
    {
        var walker = new JsonataWalker(responder, Context(), _session);
        var ending = walker.Run(Definition.Value, (input ?? DailyInput).DeepClone(), new Dictionary<string, JsonNode?>(StringComparer.Ordinal));
        lock (Covered)
        {
            Covered.UnionWith(walker.Evaluated.Select(e => e[(e.LastIndexOf('|') + 1)..]));
        }

        return (walker, ending);
    }

    private static JsonObject Context() => new()
    {
        ["Execution"] = new JsonObject { ["Name"] = "run-1", ["Id"] = "arn:aws:states:ap-northeast-1:111122223333:execution:gc-guardduty-organization:run-1" },
        ["StateMachine"] = new JsonObject { ["Name"] = "gc-guardduty-organization" },
    };

    /// <summary>The answers of a run where everything is already in place, each checked against botocore's output shape.</summary>
    private static JsonataWalker.Outcome Common(string state) => state switch
    {
        "ListAdminAccounts" => Admins((Audit, "ENABLED")),
        "EnableAdministrator" => Response("EnableOrganizationAdminAccount", new JsonObject()),
        "ListDetectors" => Detectors(DetectorId),
        "CreateDetector" => Response("CreateDetector", new JsonObject { ["DetectorId"] = DetectorId }),
        "DescribeOrganizationConfiguration" => Configuration("ALL", [.. ShippedFeatures.Select(f => (f, "ALL"))]),
        "UpdateOrganizationConfiguration" => Response("UpdateOrganizationConfiguration", new JsonObject()),
        _ => throw new InvalidOperationException($"no answer for state {state}"),
    };

    private static JsonataWalker.Outcome Admins(params (string Id, string Status)[] admins) =>
        Response("ListOrganizationAdminAccounts", new JsonObject { ["AdminAccounts"] = new JsonArray([.. admins.Select(a => (JsonNode)new JsonObject { ["AdminAccountId"] = a.Id, ["AdminStatus"] = a.Status })]) });

    private static JsonataWalker.Outcome Detectors(params string[] ids) =>
        Response("ListDetectors", new JsonObject { ["DetectorIds"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) });

    /// <summary>DescribeOrganizationConfiguration; <paramref name="members"/> null leaves the member out (legacy set-ups).</summary>
    private static JsonataWalker.Outcome Configuration(string? members, params (string Name, string? AutoEnable)[] features)
    {
        var response = new JsonObject { ["MemberAccountLimitReached"] = false };
        if (members is not null)
        {
            response["AutoEnableOrganizationMembers"] = members;
        }

        if (features.Length > 0)
        {
            response["Features"] = new JsonArray([.. features.Select(f => (JsonNode)new JsonObject { ["Name"] = f.Name, ["AutoEnable"] = f.AutoEnable })]);
        }

        return Response("DescribeOrganizationConfiguration", response);
    }

    private static JsonataWalker.Outcome Response(string operation, JsonObject response)
    {
        BotocoreModels.ResponseProblems("guardduty", operation, response).Should().BeEmpty($"the test's {operation} response must be shaped like botocore's");
        return JsonataWalker.Outcome.Ok(response);
    }

    private static JsonataWalker.Outcome Error(string operation, string shape, string cause)
    {
        BotocoreModels.HasError("guardduty", operation, shape).Should().BeTrue();
        return JsonataWalker.Outcome.Fail($"GuardDuty.{shape}", cause);
    }

    private static JsonataWalker.Outcome Throttled()
    {
        BotocoreModels.ThrottlingErrorCodes().Should().Contain("TooManyRequestsException");
        return JsonataWalker.Outcome.Fail("GuardDuty.TooManyRequestsException", "Rate exceeded");
    }

    private static IEnumerable<(string Name, string Value)> Features(JsonNode request, string valueKey) =>
        request["Features"]!.AsArray().Select(f => (f!["Name"]!.GetValue<string>(), f[valueKey]!.GetValue<string>()));

    /// <summary>The request's members and enum values must be those of botocore's input shape.</summary>
    private static void Request(string operation, bool update, JsonNode request)
    {
        var model = BotocoreModels.Model("guardduty");
        var shapes = model["shapes"]!.AsObject();
        var input = shapes[model["operations"]![operation]!["input"]!["shape"]!.GetValue<string>()]!["members"]!.AsObject();
        request.AsObject().Select(kv => kv.Key).Where(k => !input.ContainsKey(k)).Should().BeEmpty($"{operation} has these members");
        var feature = update ? "OrgFeature" : "DetectorFeature";
        var names = shapes[feature]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        request["Features"]!.AsArray().Select(f => f!["Name"]!.GetValue<string>()).Should().OnlyContain(n => names.Contains(n));
        var status = update ? "OrgFeatureStatus" : "FeatureStatus";
        var statuses = shapes[status]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        request["Features"]!.AsArray().Select(f => f![update ? "AutoEnable" : "Status"]!.GetValue<string>()).Should().OnlyContain(s => statuses.Contains(s));
        if (update)
        {
            shapes["AutoEnableMembers"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Contain(request["AutoEnableOrganizationMembers"]!.GetValue<string>());
        }
    }

    private static IEnumerable<(string Name, JsonObject State)> Tasks() =>
        Definition.Value["States"]!.AsObject().Where(s => s.Value!["Type"]!.GetValue<string>() == "Task").Select(s => (s.Key, s.Value!.AsObject()));

    /// <summary>The botocore operation of an aws-sdk task (listDetectors → ListDetectors).</summary>
    private static string Operation(JsonObject state)
    {
        var action = state["Resource"]!.GetValue<string>().Split(':')[^1];
        return char.ToUpperInvariant(action[0]) + action[1..];
    }

    /// <summary>The rendered template's Definition as JSON, with DefinitionSubstitutions replaced by sample values.</summary>
    private static JsonObject LoadDefinition(string[]? features = null)
    {
        var parameters = CatalogFixture.RequiredSamples.ToList();
        if (features is not null)
        {
            parameters.Add(("GuardDutyFeatures", ParameterValue.OfList(features)));
        }

        var text = CatalogFixture.Render("guardduty-organization", [.. parameters]);
        return StateMachineDefinition.Load(text, "StateMachine", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AuditAccountId"] = Audit,
            ["AuditRoleArn"] = AuditRole,
            ["Region"] = "ap-northeast-1",
        });
    }
}
