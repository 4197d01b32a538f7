using System.Text.Json.Nodes;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.SecurityServices;

/// <summary>
/// ebs-encryption-backfill's state machine as rendered from the catalog: asl-validator for the definition, the real
/// jsonata package for every expression, over ListAccounts answers botocore's Organizations model confirms. The hook
/// only runs on Control Tower's lifecycle events; this proves every ACTIVE member account that existed before gets it
/// started once, and that an organization of any size stays within one execution's history by continuing as new.
/// </summary>
public sealed class EbsEncryptionBackfillStateMachineTests : IDisposable
{
    private const string Management = "111122223333";
    private const string HookArn = "arn:aws:states:ap-northeast-3:111122223333:stateMachine:gc-account-creation-hook";
    private const string SelfArn = "arn:aws:states:ap-northeast-3:111122223333:stateMachine:gc-ebs-encryption-backfill";

    private static readonly Lazy<JsonObject> Definition = new(LoadDefinition);

    private readonly JsonataSession _session = new();

    [Fact]
    public void Definition_passes_the_asl_validator()
    {
        var results = StepFunctionsOracle.Validate([("ebs-encryption-backfill", Definition.Value)]);
        results.Should().ContainSingle().Which.Valid.Should().BeTrue(results[0].Errors);
    }

    [Fact]
    public void Every_active_member_account_gets_the_hook_started_once_and_no_other_account_does()
    {
        var started = new List<string>();
        var (walker, ending) = Walk((state, call, args) =>
        {
            switch (state, call)
            {
                case ("ListAccounts", 0):
                    args!["NextToken"].Should().BeNull();
                    return Accounts("page-2", (Management, "ACTIVE", null), ("210987654321", "ACTIVE", null), ("444455556666", "SUSPENDED", null), ("777788889999", null, "PENDING_CLOSURE"));
                case ("ListAccounts", 1):
                    args!["NextToken"]!.GetValue<string>().Should().Be("page-2");
                    return Accounts(null, ("012345678901", null, "ACTIVE"), ("123412341234", "ACTIVE", "ACTIVE"));
                case ("StartHook", _):
                    args!["StateMachineArn"]!.GetValue<string>().Should().Be(HookArn);
                    started.Add(args["Input"]!["accountId"]!.GetValue<string>());
                    return JsonataWalker.Outcome.Ok(new JsonObject { ["ExecutionArn"] = HookArn.Replace("stateMachine", "execution", StringComparison.Ordinal) + ":x", ["StartDate"] = "2026-12-08T00:00:00Z" });
                default:
                    throw new InvalidOperationException(state);
            }
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Done");
        started.Should().Equal("210987654321", "012345678901", "123412341234");
        ending.Output!["Started"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public void An_empty_or_missing_account_list_starts_nothing()
    {
        var (walker, ending) = Walk((state, call, args) => call switch
        {
            0 => Ok(new JsonObject { ["NextToken"] = "t" }),
            _ => Ok(new JsonObject { ["Accounts"] = new JsonArray() }),
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Done");
        walker.Visited.Should().NotContain("StartHook");
    }

    [Fact]
    public void A_large_organization_continues_as_a_new_execution_after_25_pages()
    {
        JsonNode? continuation = null;
        var (walker, ending) = Walk((state, call, args) =>
        {
            if (state == "ContinueAsNew")
            {
                continuation = args?.DeepClone();
                return JsonataWalker.Outcome.Ok(new JsonObject { ["ExecutionArn"] = SelfArn + ":next", ["StartDate"] = "2026-12-08T00:00:00Z" });
            }

            return state == "StartHook"
                ? JsonataWalker.Outcome.Ok(new JsonObject())
                : Accounts($"page-{call + 2}", ($"{100000000000 + call}", "ACTIVE", "ACTIVE"));
        });

        walker.Problems.Should().BeEmpty();
        ending.State.Should().Be("Continued");
        walker.Visited.Count(s => s == "ListAccounts").Should().Be(25);
        continuation!["StateMachineArn"]!.GetValue<string>().Should().Be(SelfArn);
        continuation["Input"]!["nextToken"]!.GetValue<string>().Should().Be("page-26");

        // The new execution starts from that page.
        var next = new JsonataWalker((state, call, args) =>
        {
            if (state == "ListAccounts")
            {
                args!["NextToken"]!.GetValue<string>().Should().Be("page-26");
                return Accounts(null);
            }

            throw new InvalidOperationException(state);
        }, Context(), _session);
        next.Run(Definition.Value, new JsonObject { ["nextToken"] = "page-26" }, new Dictionary<string, JsonNode?>(StringComparer.Ordinal)).State.Should().Be("Done");
        next.Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData("ListAccounts", "Organizations.AccessDeniedException")]
    [InlineData("StartHook", "StepFunctions.StateMachineDoesNotExistException")]
    public void A_failure_ends_in_Failed_naming_the_step(string failing, string error)
    {
        var (walker, ending) = Walk((state, call, args) => state == failing
            ? JsonataWalker.Outcome.Fail(error, "denied or missing")
            : Accounts(null, ("210987654321", "ACTIVE", "ACTIVE")));

        walker.Problems.Should().BeEmpty();
        ending.Error.Should().Be("EbsEncryptionBackfillFailed");
        ending.Cause.Should().Be($"{(failing == "StartHook" ? "StartHooks" : failing)} failed in ap-northeast-3: {error}: denied or missing");
    }

    [Fact]
    public void Every_expression_is_evaluated_on_some_path_and_the_retried_errors_are_Organizations_errors()
    {
        var evaluated = new HashSet<string>(StringComparer.Ordinal);
        using var tests = new EbsEncryptionBackfillStateMachineTests();
        void Collect(JsonataWalker walker) => evaluated.UnionWith(walker.Evaluated.Select(e => e[(e.LastIndexOf('|') + 1)..]));
        Collect(tests.Walk((state, call, args) => state == "StartHook" ? JsonataWalker.Outcome.Ok(new JsonObject()) : Accounts(null, ("210987654321", "ACTIVE", "ACTIVE"))).Walker);
        Collect(tests.Walk((state, call, args) => state switch
        {
            "ContinueAsNew" => JsonataWalker.Outcome.Ok(new JsonObject()),
            "StartHook" => JsonataWalker.Outcome.Ok(new JsonObject()),
            _ => Accounts($"p{call}"),
        }).Walker);
        Collect(tests.Walk((state, call, args) => JsonataWalker.Outcome.Fail("Organizations.AccessDeniedException", "no")).Walker);
        var all = JsonataWalker.Expressions(Definition.Value).Select(e => e.Expression).Distinct(StringComparer.Ordinal).ToList();
        all.Where(e => !evaluated.Contains(e)).Should().BeEmpty();

        var list = Definition.Value["States"]!["ListAccounts"]!;
        foreach (var name in list["Retry"]!.AsArray().SelectMany(r => r!["ErrorEquals"]!.AsArray()).Select(e => e!.GetValue<string>()))
        {
            name.Should().StartWith("Organizations.");
            BotocoreModels.HasError("organizations", "ListAccounts", name["Organizations.".Length..]).Should().BeTrue(name);
        }
    }

    public void Dispose() => _session.Dispose();

    private (JsonataWalker Walker, JsonataWalker.Ending Ending) Walk(JsonataWalker.Responder responder)
    {
        var walker = new JsonataWalker(responder, Context(), _session);
        var ending = walker.Run(Definition.Value, new JsonObject { ["trigger"] = "weekly" }, new Dictionary<string, JsonNode?>(StringComparer.Ordinal));
        return (walker, ending);
    }

    private static JsonObject Context() => new()
    {
        ["Execution"] = new JsonObject { ["Name"] = "run-1", ["Id"] = "arn:aws:states:ap-northeast-3:111122223333:execution:gc-ebs-encryption-backfill:run-1" },
        ["StateMachine"] = new JsonObject { ["Name"] = "gc-ebs-encryption-backfill", ["Id"] = SelfArn },
    };

    /// <summary>A ListAccounts page; Status (deprecated) and State as Organizations may send either.</summary>
    private static JsonataWalker.Outcome Accounts(string? nextToken, params (string Id, string? Status, string? State)[] accounts)
    {
        var response = new JsonObject
        {
            ["Accounts"] = new JsonArray([.. accounts.Select(a =>
            {
                var account = new JsonObject { ["Id"] = a.Id, ["Arn"] = $"arn:aws:organizations::{Management}:account/o-abcdefghij/{a.Id}", ["Name"] = "a" + a.Id };
                if (a.Status is not null)
                {
                    account["Status"] = a.Status;
                }

                if (a.State is not null)
                {
                    account["State"] = a.State;
                }

                return (JsonNode)account;
            })]),
        };
        if (nextToken is not null)
        {
            response["NextToken"] = nextToken;
        }

        return Ok(response);
    }

    private static JsonataWalker.Outcome Ok(JsonObject response)
    {
        BotocoreModels.ResponseProblems("organizations", "ListAccounts", response).Should().BeEmpty("the test's ListAccounts response must be shaped like botocore's");
        return JsonataWalker.Outcome.Ok(response);
    }

    private static JsonObject LoadDefinition()
    {
        var text = CatalogFixture.Render("ebs-encryption-backfill", CatalogFixture.RequiredSamples);
        return StateMachineDefinition.Load(text, "StateMachine", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HookArn"] = HookArn,
            ["SelfArn"] = SelfArn,
            ["ManagementAccountId"] = Management,
            ["Region"] = "ap-northeast-3",
        });
    }
}
