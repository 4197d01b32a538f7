using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Core.Definition;
using GovCfct.Core.Tests.TestSupport;
using GovCfct.Testing;

namespace GovCfct.Core.Tests.Accounts;

/// <summary>
/// The account-vending state machine as rendered from the catalog, checked by the independent oracles: asl-validator
/// for the definition, and the real jsonata package for every expression on every path, over responses whose shape
/// botocore's models confirm, for each status the calls can report (IN_PROGRESS, SUCCEEDED, FAILED,
/// IN_PROGRESS_IN_ERROR, not found, conflict). In JSONata mode an Assign, Output or Arguments value that is undefined
/// fails the state with States.QueryEvaluationError, so no expression may yield undefined on any path.
/// </summary>
public sealed partial class VendingStateMachineTests : IDisposable
{
    private readonly JsonataSession _session = new();

    private const string InstanceArn = "arn:aws:sso:::instance/ssoins-1234567890abcdef";
    private const string AdminArn = InstanceArn + "/ps-aaaaaaaaaaaaaaaa";
    private const string AuditorArn = InstanceArn + "/ps-bbbbbbbbbbbbbbbb";
    private const string OperatorArn = InstanceArn + "/ps-cccccccccccccccc";

    private static readonly Lazy<JsonObject> Definition = new(LoadDefinition);

    private static readonly JsonObject Event = new()
    {
        ["source"] = "aws.s3",
        ["detail-type"] = "Object Created",
        ["detail"] = new JsonObject
        {
            ["bucket"] = new JsonObject { ["name"] = "gc-vending-requests" },
            ["object"] = new JsonObject { ["key"] = "requests/2026-12-01.csv", ["etag"] = "d41d8cd98f00b204e9800998ecf8427e", ["size"] = 512 },
        },
    };

    private static readonly HashSet<string> Covered = new(StringComparer.Ordinal);

    [Fact]
    public void Definition_passes_the_asl_validator()
    {
        var results = StepFunctionsOracle.Validate([("account-vending", Definition.Value)]);
        results.Should().ContainSingle().Which.Valid.Should().BeTrue(results[0].Errors);
    }

    [Fact]
    public void A_row_two_levels_deep_with_paged_permission_sets_creates_the_account_user_and_assignment()
    {
        var row = Row("Workloads:Ministries", permissionSet: "GovCloudAuditor", tags: "System=mynaportal; Owner=digital");
        var (walker, ending) = WalkRow(row, (state, call, arguments) => (state, call) switch
        {
            ("FindOu", 0) => Ous(null, ("ou-ab12-11111111", "Workloads"), ("ou-ab12-22222222", "Sandbox")),
            ("FindOu", 1) => Ous(null, ("ou-ab12-33333333", "Ministries")),
            ("DescribeRecord", 0) => Record("IN_PROGRESS"),
            ("DescribeRecord", 1) => Record("SUCCEEDED", accountId: "444455556666"),
            ("CreateAdminUser", _) => Response("identitystore", "CreateUser", new JsonObject { ["UserId"] = "user-1", ["IdentityStoreId"] = "d-1234567890" }),
            ("ListPermissionSets", _) => PermissionSets("page-2", AdminArn, AuditorArn),
            ("ListPermissionSetsNextPage", _) => PermissionSets(null, OperatorArn),
            ("DescribeAssignment", 0) => Assignment("IN_PROGRESS"),
            ("DescribeAssignment", 1) => Assignment("SUCCEEDED"),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("RowSucceeded");
        ending.Output!["AccountId"]!.GetValue<string>().Should().Be("444455556666");
        ending.Output!["PermissionSet"]!.GetValue<string>().Should().Be("GovCloudAuditor");
        walker.Visited.Should().ContainInOrder("FindOu", "FindOu", "Provision", "DescribeRecord", "DescribeRecord", "CreateAdminUser", "ListPermissionSets", "ListPermissionSetsNextPage", "DescribePermissionSets", "AssignPermissionSet", "DescribeAssignment", "DescribeAssignment", "RowSucceeded");
        walker.Visited.Count(s => s == "DescribePermissionSet").Should().Be(3, "both pages of permission sets are described");
    }

    [Fact]
    public void The_provision_token_is_the_same_for_a_redelivered_event_and_fits_the_idempotency_token_pattern()
    {
        var tokens = new List<string>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            WalkRow(Row("Workloads"), (state, call, arguments) =>
            {
                if (state == "Provision")
                {
                    tokens.Add(arguments!["ProvisionToken"]!.GetValue<string>());
                }

                return state == "DescribeRecord" ? Record("FAILED", errors: ("ValidationError", "stop here")) : Common(state, arguments);
            });
        }

        tokens.Should().HaveCount(2);
        tokens[0].Should().Be(tokens[1]).And.Be("req-d41d8cd98f00b204e9800998ecf8427e-digital-account-example-go-jp");
        IdempotencyToken().IsMatch(tokens[0]).Should().BeTrue();
    }

    [Fact]
    public void An_ou_path_missing_after_paging_fails_the_row_with_OuNotFound()
    {
        var (walker, ending) = WalkRow(Row("Workloads:Nowhere"), (state, call, arguments) => (state, call) switch
        {
            ("FindOu", 0) => Ous(null, ("ou-ab12-11111111", "Workloads")),
            ("FindOu", 1) => Ous("next-page", ("ou-ab12-44444444", "Other")),
            ("FindOuNextPage", 0) => Ous(null, ("ou-ab12-55555555", "StillOther")),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("OuNotFound");
        walker.Visited.Should().Contain("FindOuNextPage").And.NotContain("Provision");
    }

    [Fact]
    public void A_failed_record_fails_the_row_with_the_record_errors()
    {
        var (walker, ending) = WalkRow(Row("Workloads"), (state, call, arguments) => (state, call) switch
        {
            ("DescribeRecord", 0) => Record("IN_PROGRESS"),
            ("DescribeRecord", 1) => Record("FAILED", errors: ("AccountCreationFailed", "The e-mail address is already in use")),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("AccountFailed");
        ending.Error.Should().Be("AccountFactoryFailed");
        ending.Cause.Should().Be("AccountCreationFailed: The e-mail address is already in use");
    }

    [Fact]
    public void A_record_in_error_that_fails_without_errors_still_gets_a_cause()
    {
        var (walker, ending) = WalkRow(Row("Workloads"), (state, call, arguments) => (state, call) switch
        {
            ("DescribeRecord", 0) => Record("IN_PROGRESS_IN_ERROR"),
            ("DescribeRecord", 1) => Record("FAILED"),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("AccountFailed");
        ending.Cause.Should().Be("The Account Factory record ended FAILED without an AccountId output.");
    }

    [Fact]
    public void A_conflicting_user_is_looked_up_and_a_missing_permission_set_fails_the_row()
    {
        var (walker, ending) = WalkRow(Row("Workloads"), (state, call, arguments) => state switch
        {
            "CreateAdminUser" => Error("identitystore", "CreateUser", "Identitystore", "ConflictException", "Duplicate UserName"),
            "FindAdminUser" => Response("identitystore", "GetUserId", new JsonObject { ["UserId"] = "user-2", ["IdentityStoreId"] = "d-1234567890" }),
            "ListPermissionSets" => Response("sso-admin", "ListPermissionSets", []),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        walker.Visited.Should().ContainInOrder("CreateAdminUser", "FindAdminUser", "ListPermissionSets", "DescribePermissionSets", "PermissionSetFound");
        ending.State.Should().Be("PermissionSetNotFound");
    }

    [Fact]
    public void A_user_neither_created_nor_found_fails_the_row_with_the_service_error()
    {
        var (walker, ending) = WalkRow(Row("Workloads"), (state, call, arguments) => state switch
        {
            "CreateAdminUser" => Error("identitystore", "CreateUser", "Identitystore", "ConflictException", "Duplicate UserName"),
            "FindAdminUser" => Error("identitystore", "GetUserId", "Identitystore", "ResourceNotFoundException", "User not found"),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        ending.Error.Should().Be("Identitystore.ResourceNotFoundException");
    }

    [Fact]
    public void A_failed_assignment_fails_the_row_with_its_reason()
    {
        var (walker, ending) = WalkRow(Row("Workloads"), (state, call, arguments) => (state, call) switch
        {
            ("DescribeAssignment", 0) => Assignment("FAILED", "Permission set is not provisioned"),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("AssignmentFailed");
        ending.Cause.Should().Be("Permission set is not provisioned");
    }

    [Fact]
    public void The_run_reports_every_row_and_fails_when_a_row_failed()
    {
        foreach (var (failed, end) in new[] { (0, "AllRowsSucceeded"), (2, "SomeRowsFailed") })
        {
            var (walker, ending) = WalkRun((state, call, arguments) => state switch
            {
                "ProvisionRows/ItemReader" => Outcome(new JsonArray(Row("Workloads"))),
                "ProvisionRows" => Outcome(new JsonObject
                {
                    ["MapRunArn"] = "arn:aws:states:ap-northeast-1:111122223333:mapRun:gc-account-vending/run-1:map-1",
                    ["ResultWriterDetails"] = new JsonObject { ["Bucket"] = "gc-vending-requests", ["Key"] = "results/run-1/manifest.json" },
                }),
                "CountRows" => Outcome(new JsonObject { ["ItemCounts"] = new JsonObject { ["Succeeded"] = 1, ["Failed"] = failed, ["TimedOut"] = 0, ["Aborted"] = 0, ["Pending"] = 0, ["Running"] = 0, ["Total"] = 1 + failed, ["ResultsWritten"] = 1 + failed } }),
                "NotifyResult" => Response("sns", "Publish", new JsonObject { ["MessageId"] = "m-1" }),
                _ => Common(state, arguments),
            });

            walker.Problems.Should().BeEmpty();
            ending.State.Should().Be(end);
            walker.Visited.Should().Contain("RowSucceeded", "the row is walked through the child execution");
        }
    }

    [Fact]
    public void A_run_that_cannot_read_the_csv_is_announced_and_fails()
    {
        var (walker, ending) = WalkRun((state, call, arguments) => state switch
        {
            "ProvisionRows/ItemReader" => JsonataWalker.Outcome.Fail("States.ItemReaderFailed", "The CSV has no header row"),
            "NotifyRunFailed" => Response("sns", "Publish", new JsonObject { ["MessageId"] = "m-2" }),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        walker.Visited.Should().ContainInOrder("ProvisionRows", "NotifyRunFailed", "RunFailed");
        ending.Error.Should().Be("VendingRunFailed");
    }

    [Fact]
    public void Service_Catalogs_usual_empty_RecordErrors_lets_the_row_go_on()
    {
        // DescribeRecord answers "RecordErrors": [] while the record is in progress and after it succeeded.
        var (walker, ending) = WalkRow(Row("Workloads"), (state, call, arguments) => (state, call) switch
        {
            ("DescribeRecord", 0) => Record("IN_PROGRESS", emptyErrors: true),
            ("DescribeRecord", 1) => Record("SUCCEEDED", accountId: "444455556666", emptyErrors: true),
            _ => Common(state, arguments),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("RowSucceeded");
    }

    [Fact]
    public void Every_list_of_every_response_may_be_empty_missing_or_filled_without_an_undefined_expression()
    {
        // For each Task of the row, each array member of its answer (at any depth) is tried as [] and as absent; the
        // filled answer is the base. No expression on the resulting path may be undefined or fail.
        var bases = new List<(string State, JsonataWalker.Outcome Outcome)>
        {
            ("ListRoots", Common("ListRoots", null)),
            ("FindOu", Common("FindOu", null)),
            ("DescribeRecord", Record("SUCCEEDED", accountId: "444455556666", errors: ("Info", "none"))),
            ("DescribeRecord", Record("FAILED", accountId: "444455556666", errors: ("AccountCreationFailed", "in use"))),
            ("ListPermissionSets", PermissionSets("page-2", AdminArn)),
            ("ListPermissionSetsNextPage", PermissionSets(null, AuditorArn)),
        };
        var tried = 0;
        foreach (var (target, outcome) in bases)
        {
            foreach (var (label, variant) in ListVariants(outcome.Result!.AsObject()))
            {
                var (walker, _) = WalkRow(Row("Workloads"), (state, call, arguments) => state == target
                    ? JsonataWalker.Outcome.Ok(variant.DeepClone())
                    : state == "ListPermissionSets" ? PermissionSets("page-2", AdminArn)
                    : state == "ListPermissionSetsNextPage" ? PermissionSets(null, AuditorArn)
                    : Common(state, arguments));
                walker.Problems.Should().BeEmpty($"{target} answered with {label}");
                walker.Visited.Should().Contain(target);
                tried++;
            }
        }

        tried.Should().BeGreaterThanOrEqualTo(12, "Roots, OrganizationalUnits, RecordErrors, RecordOutputs and PermissionSets are each tried empty and missing");
    }

    /// <summary>Each array member of <paramref name="response"/> (objects at any depth) replaced by [] and removed.</summary>
    private static IEnumerable<(string Label, JsonObject Variant)> ListVariants(JsonObject response)
    {
        var paths = new List<string[]>();
        Collect(response, []);
        foreach (var path in paths)
        {
            foreach (var empty in new[] { true, false })
            {
                var variant = response.DeepClone().AsObject();
                var parent = variant;
                foreach (var step in path[..^1])
                {
                    parent = parent[step]!.AsObject();
                }

                if (empty)
                {
                    parent[path[^1]] = new JsonArray();
                }
                else
                {
                    parent.Remove(path[^1]);
                }

                yield return ($"{string.Join('.', path)} {(empty ? "= []" : "missing")}", variant);
            }
        }

        void Collect(JsonObject node, string[] at)
        {
            foreach (var (key, value) in node)
            {
                if (value is JsonArray)
                {
                    paths.Add([.. at, key]);
                }
                else if (value is JsonObject inner)
                {
                    Collect(inner, [.. at, key]);
                }
            }
        }
    }

    [Fact]
    public void Every_expression_of_the_definition_is_evaluated_by_some_path()
    {
        // Runs every path above (xunit gives no order across tests), then compares expression texts.
        using var tests = new VendingStateMachineTests();
        tests.A_row_two_levels_deep_with_paged_permission_sets_creates_the_account_user_and_assignment();
        tests.An_ou_path_missing_after_paging_fails_the_row_with_OuNotFound();
        tests.A_failed_record_fails_the_row_with_the_record_errors();
        tests.A_record_in_error_that_fails_without_errors_still_gets_a_cause();
        tests.Service_Catalogs_usual_empty_RecordErrors_lets_the_row_go_on();
        tests.A_conflicting_user_is_looked_up_and_a_missing_permission_set_fails_the_row();
        tests.A_failed_assignment_fails_the_row_with_its_reason();
        tests.The_run_reports_every_row_and_fails_when_a_row_failed();
        tests.A_run_that_cannot_read_the_csv_is_announced_and_fails();

        var all = JsonataWalker.Expressions(Definition.Value).Select(e => e.Expression).Distinct(StringComparer.Ordinal).ToList();
        all.Should().HaveCountGreaterThan(40);
        lock (Covered)
        {
            all.Where(e => !Covered.Contains(e)).Should().BeEmpty("every expression must be evaluated on some path");
        }
    }

    [Fact]
    public void Every_error_the_definition_catches_or_retries_is_named_as_Step_Functions_reports_it()
    {
        // Step Functions names SDK errors <Service>.<Shape>, both PascalCase (docs/facts/landing-zone.md §8.3); the shape must be
        // one of the operation's errors in botocore's model.
        var operations = new Dictionary<string, (string Service, string Operation)>(StringComparer.Ordinal)
        {
            ["FindOu"] = ("organizations", "ListOrganizationalUnitsForParent"),
            ["FindOuNextPage"] = ("organizations", "ListOrganizationalUnitsForParent"),
            ["ListRoots"] = ("organizations", "ListRoots"),
            ["CreateAdminUser"] = ("identitystore", "CreateUser"),
            ["ListPermissionSets"] = ("sso-admin", "ListPermissionSets"),
            ["ListPermissionSetsNextPage"] = ("sso-admin", "ListPermissionSets"),
            ["DescribePermissionSet"] = ("sso-admin", "DescribePermissionSet"),
            ["AssignPermissionSet"] = ("sso-admin", "CreateAccountAssignment"),
            ["DescribeAssignment"] = ("sso-admin", "DescribeAccountAssignmentCreationStatus"),
        };
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["organizations"] = "Organizations",
            ["identitystore"] = "Identitystore",
            ["sso-admin"] = "SsoAdmin",
        };
        var checkedNames = 0;
        foreach (var (state, node) in States(Definition.Value))
        {
            foreach (var name in (node["Retry"]?.AsArray() ?? []).Concat(node["Catch"]?.AsArray() ?? []).SelectMany(r => r!["ErrorEquals"]!.AsArray()).Select(e => e!.GetValue<string>()))
            {
                if (name.StartsWith("States.", StringComparison.Ordinal) || name == "IdentityStore.ConflictException")
                {
                    continue;
                }

                operations.Should().ContainKey(state);
                var (service, operation) = operations[state];
                name.Should().StartWith(prefixes[service] + ".", $"state {state} calls {service}");
                BotocoreModels.HasError(service, operation, name[(prefixes[service].Length + 1)..]).Should().BeTrue($"{name} must be an error of {service} {operation}");
                checkedNames++;
            }
        }

        checkedNames.Should().BeGreaterThan(5);
    }

    public void Dispose() => _session.Dispose();

    private (JsonataWalker Walker, JsonataWalker.Ending Ending) WalkRow(JsonObject row, JsonataWalker.Responder responder)
    {
        var processor = Definition.Value["States"]!["ProvisionRows"]!["ItemProcessor"]!.AsObject();
        var walker = new JsonataWalker(responder, Context(), _session);
        var input = new JsonObject { ["row"] = row, ["requestEtag"] = Event["detail"]!["object"]!["etag"]!.DeepClone() };
        var ending = walker.Run(processor, input, new Dictionary<string, JsonNode?>(StringComparer.Ordinal));
        Remember(walker);
        return (walker, ending);
    }

    private (JsonataWalker Walker, JsonataWalker.Ending Ending) WalkRun(JsonataWalker.Responder responder)
    {
        var walker = new JsonataWalker(responder, Context(), _session);
        var ending = walker.Run(Definition.Value, Event.DeepClone(), new Dictionary<string, JsonNode?>(StringComparer.Ordinal));
        Remember(walker);
        return (walker, ending);
    }

    private static void Remember(JsonataWalker walker)
    {
        lock (Covered)
        {
            Covered.UnionWith(walker.Evaluated.Select(e => e[(e.LastIndexOf('|') + 1)..]));
        }
    }

    private static JsonObject Context() => new()
    {
        ["Execution"] = new JsonObject { ["Name"] = "run-1", ["Input"] = Event.DeepClone(), ["Id"] = "arn:aws:states:ap-northeast-1:111122223333:execution:gc-account-vending:run-1" },
        ["StateMachine"] = new JsonObject { ["Name"] = "gc-account-vending" },
    };

    /// <summary>A CSV row as the distributed Map's CSV reader gives it: every column, empty cells as empty strings.</summary>
    private static JsonObject Row(string ou, string permissionSet = "", string tags = "") => new()
    {
        ["AccountName"] = "digital account",
        ["AccountEmail"] = "Digital.Account@example.go.jp",
        ["OrganizationalUnit"] = ou,
        ["AdminEmail"] = "admin@example.go.jp",
        ["AdminFirstName"] = "Taro",
        ["AdminLastName"] = "Yamada",
        ["PermissionSet"] = permissionSet,
        ["Tags"] = tags,
    };

    /// <summary>The default answers of a path that goes well, each checked against botocore's output shape.</summary>
    private static JsonataWalker.Outcome Common(string state, JsonNode? arguments) => state switch
    {
        "ListRoots" => Response("organizations", "ListRoots", new JsonObject { ["Roots"] = new JsonArray(new JsonObject { ["Id"] = "r-ab12", ["Arn"] = "arn:aws:organizations::111122223333:root/o-abcdefghij/r-ab12", ["Name"] = "Root" }) }),
        "FindOu" => Ous(null, ("ou-ab12-11111111", "Workloads")),
        "Provision" => Response("servicecatalog", "ProvisionProduct", new JsonObject { ["RecordDetail"] = new JsonObject { ["RecordId"] = "rec-abcdefghijklm", ["Status"] = "CREATED", ["ProvisionedProductName"] = "digital-account" } }),
        "DescribeRecord" => Record("SUCCEEDED", accountId: "444455556666"),
        "CreateAdminUser" => Response("identitystore", "CreateUser", new JsonObject { ["UserId"] = "user-1", ["IdentityStoreId"] = "d-1234567890" }),
        "ListPermissionSets" => PermissionSets(null, AdminArn),
        "DescribePermissionSet" => Response("sso-admin", "DescribePermissionSet", new JsonObject
        {
            ["PermissionSet"] = new JsonObject
            {
                ["Name"] = arguments!["PermissionSetArn"]!.GetValue<string>() switch { AdminArn => "AWSAdministratorAccess", AuditorArn => "GovCloudAuditor", _ => "GovCloudPlatformOperator" },
                ["PermissionSetArn"] = arguments["PermissionSetArn"]!.GetValue<string>(),
            },
        }),
        "AssignPermissionSet" => Response("sso-admin", "CreateAccountAssignment", new JsonObject { ["AccountAssignmentCreationStatus"] = new JsonObject { ["Status"] = "IN_PROGRESS", ["RequestId"] = "11111111-2222-3333-4444-555555555555" } }),
        "DescribeAssignment" => Assignment("SUCCEEDED"),
        "NotifyRunFailed" or "NotifyResult" => Response("sns", "Publish", new JsonObject { ["MessageId"] = "m-0" }),
        _ => throw new InvalidOperationException($"no answer for state {state}"),
    };

    private static JsonataWalker.Outcome Outcome(JsonNode result) => JsonataWalker.Outcome.Ok(result);

    private static JsonataWalker.Outcome Response(string service, string operation, JsonObject response)
    {
        BotocoreModels.ResponseProblems(service, operation, response).Should().BeEmpty($"the test's {operation} response must be shaped like botocore's");
        return JsonataWalker.Outcome.Ok(response);
    }

    private static JsonataWalker.Outcome Error(string service, string operation, string prefix, string shape, string cause)
    {
        BotocoreModels.HasError(service, operation, shape).Should().BeTrue();
        return JsonataWalker.Outcome.Fail($"{prefix}.{shape}", cause);
    }

    private static JsonataWalker.Outcome Ous(string? nextToken, params (string Id, string Name)[] ous)
    {
        var response = new JsonObject
        {
            ["OrganizationalUnits"] = new JsonArray([.. ous.Select(o => (JsonNode)new JsonObject { ["Id"] = o.Id, ["Arn"] = $"arn:aws:organizations::111122223333:ou/o-abcdefghij/{o.Id}", ["Name"] = o.Name })]),
        };
        if (nextToken is not null)
        {
            response["NextToken"] = nextToken;
        }

        return Response("organizations", "ListOrganizationalUnitsForParent", response);
    }

    private static JsonataWalker.Outcome Record(string status, string? accountId = null, bool emptyErrors = false, params (string Code, string Description)[] errors)
    {
        var detail = new JsonObject { ["RecordId"] = "rec-abcdefghijklm", ["Status"] = status, ["RecordType"] = "PROVISION_PRODUCT" };
        if (emptyErrors)
        {
            detail["RecordErrors"] = new JsonArray();
        }

        if (errors.Length > 0)
        {
            detail["RecordErrors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["Code"] = e.Code, ["Description"] = e.Description })]);
        }

        var response = new JsonObject { ["RecordDetail"] = detail };
        if (accountId is not null)
        {
            response["RecordOutputs"] = new JsonArray(
                new JsonObject { ["OutputKey"] = "AccountEmail", ["OutputValue"] = "digital.account@example.go.jp" },
                new JsonObject { ["OutputKey"] = "AccountId", ["OutputValue"] = accountId });
        }

        return Response("servicecatalog", "DescribeRecord", response);
    }

    private static JsonataWalker.Outcome PermissionSets(string? nextToken, params string[] arns)
    {
        var response = new JsonObject { ["PermissionSets"] = new JsonArray([.. arns.Select(a => (JsonNode)a)]) };
        if (nextToken is not null)
        {
            response["NextToken"] = nextToken;
        }

        return Response("sso-admin", "ListPermissionSets", response);
    }

    private static JsonataWalker.Outcome Assignment(string status, string? failure = null)
    {
        var detail = new JsonObject { ["Status"] = status, ["RequestId"] = "11111111-2222-3333-4444-555555555555", ["TargetId"] = "444455556666" };
        if (failure is not null)
        {
            detail["FailureReason"] = failure;
        }

        return Response("sso-admin", "DescribeAccountAssignmentCreationStatus", new JsonObject { ["AccountAssignmentCreationStatus"] = detail });
    }

    private static IEnumerable<(string Name, JsonObject State)> States(JsonObject machine)
    {
        foreach (var (name, node) in machine["States"]!.AsObject())
        {
            yield return (name, node!.AsObject());
            if (node["ItemProcessor"] is JsonObject processor)
            {
                foreach (var inner in States(processor))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The rendered template's Definition as JSON, with DefinitionSubstitutions replaced by sample values.</summary>
    private static JsonObject LoadDefinition()
    {
        var text = CatalogFixture.Render("account-vending", [("NotificationEmail", ParameterValue.Of("security@example.go.jp")), .. CatalogFixture.RequiredSamples]);
        return StateMachineDefinition.Load(text, "VendingStateMachine", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ProductId"] = "prod-abcdefgh12345",
            ["ArtifactId"] = "pa-abcdefgh12345",
            ["InstanceArn"] = InstanceArn,
            ["IdentityStoreId"] = "d-1234567890",
            ["DefaultPermissionSet"] = "AWSAdministratorAccess",
            ["ResultBucket"] = "gc-vending-requests",
            ["TopicArn"] = "arn:aws:sns:ap-northeast-1:111122223333:gc-account-vending",
        });
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,127}$")]
    private static partial Regex IdempotencyToken();
}
