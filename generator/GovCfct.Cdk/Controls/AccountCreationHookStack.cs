using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// account-creation-hook (management account, every governed region): when Control Tower creates or updates a
/// managed account, a Step Functions state machine made of AWS SDK integrations only (no Lambda code) enables EBS
/// encryption by default in the new account, which CloudFormation cannot do. SDK integrations call the state
/// machine's own region, so one instance runs per governed region; Control Tower events arrive in the home region
/// only, so the home instance forwards them to the default bus of the other governed regions. A failed, timed-out or
/// aborted execution is forwarded to the central alert bus in the audit account.
/// </summary>
public sealed class AccountCreationHookStack : CdkControlStack
{
    public AccountCreationHookStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var executionRole = Parameter("ExecutionRoleName").ValueAsString;

        // Step Functions' Credentials field assumes the role in the target account for each SDK call.
        var resolve = new Pass(this, "ResolveTargetRole", new PassProps
        {
            Parameters = new Dictionary<string, object>
            {
                ["accountId.$"] = "$.accountId",
                ["roleArn.$"] = Fn.Join(string.Empty, ["States.Format('arn:", Aws.PARTITION, ":iam::{}:role/", executionRole, "', $.accountId)"]),
            },
        });
        // Raw task states: CDK's CallAwsService would grant the state machine sts:AssumeRole on "*" and the EC2
        // actions in the management account; the only permission needed is assuming the execution role.
        var enable = SdkTaskInTargetAccount("EnableEbsEncryptionByDefault", "ec2:enableEbsEncryptionByDefault", "$.enabled");
        var verify = SdkTaskInTargetAccount("GetEbsEncryptionByDefault", "ec2:getEbsEncryptionByDefault", "$.verified");

        // A new account's role may not be assumable for a few minutes: retry with backoff before alerting.
        var retry = new RetryProps
        {
            Errors = ["States.ALL"],
            Interval = Duration.Seconds(30),
            MaxAttempts = 6,
            BackoffRate = 2,
        };
        enable.AddRetry(retry);
        verify.AddRetry(retry);

        // A failure ends the execution FAILED with the caught error and cause; HookExecutionFailedRule forwards that
        // status change to the central alert bus (the audit account's one topic alerts), so nothing is published here.
        var failed = new Fail(this, "HookFailed", new FailProps { ErrorPath = "$.error.Error", CausePath = "$.error.Cause" });
        var notEnabled = new Fail(this, "EncryptionNotEnabled", new FailProps { Error = "AccountCreationHookFailed", Cause = "EBS encryption by default is still off after EnableEbsEncryptionByDefault" });
        enable.AddCatch(failed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });
        verify.AddCatch(failed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });

        var check = new Choice(this, "EncryptionEnabled")
            .When(Condition.BooleanEquals("$.verified.EbsEncryptionByDefault", true), new Succeed(this, "Done"))
            .Otherwise(notEnabled);

        var machine = new StateMachine(this, "Hook", new StateMachineProps
        {
            StateMachineName = $"{ResourcePrefix}-account-creation-hook",
            DefinitionBody = DefinitionBody.FromChainable(resolve.Next(enable).Next(verify).Next(check)),
            Timeout = Duration.Hours(2),
        });
        machine.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sts:AssumeRole"],
            Resources = [Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":iam::*:role/", executionRole])],
        }));

        HookRule("CreateManagedAccountRule", "CreateManagedAccount", "createManagedAccountStatus", machine);
        HookRule("UpdateManagedAccountRule", "UpdateManagedAccount", "updateManagedAccountStatus", machine);

        Forwarder().Forward(this, "HookExecutionFailedRule", "The account-creation hook did not finish", new EventPattern
        {
            Source = ["aws.states"],
            DetailType = ["Step Functions Execution Status Change"],
            Detail = new Dictionary<string, object>
            {
                ["status"] = new[] { "FAILED", "TIMED_OUT", "ABORTED" },
                ["stateMachineArn"] = new[] { machine.StateMachineArn },
            },
        });

        ForwardToOtherRegions();
    }

    /// <summary>An AWS SDK integration task that runs in the target account through Step Functions' Credentials field.</summary>
    private CustomState SdkTaskInTargetAccount(string id, string action, string resultPath) => new(this, id, new CustomStateProps
    {
        StateJson = new Dictionary<string, object>
        {
            ["Type"] = "Task",
            ["Resource"] = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":states:::aws-sdk:", action]),
            ["Credentials"] = new Dictionary<string, object> { ["RoleArn.$"] = "$.roleArn" },
            ["Parameters"] = new Dictionary<string, object>(),
            ["ResultPath"] = resultPath,
        },
    });

    /// <summary>The Control Tower lifecycle event pattern for one operation, SUCCEEDED only.</summary>
    private static EventPattern LifecyclePattern(string eventName, string statusKey) => new()
    {
        Source = ["aws.controltower"],
        DetailType = ["AWS Service Event via CloudTrail"],
        Detail = new Dictionary<string, object>
        {
            ["eventName"] = new[] { eventName },
            ["serviceEventDetails"] = new Dictionary<string, object>
            {
                [statusKey] = new Dictionary<string, object> { ["state"] = new[] { "SUCCEEDED" } },
            },
        },
    };

    private void HookRule(string id, string eventName, string statusKey, StateMachine machine)
    {
        var rule = new Rule(this, id, new RuleProps
        {
            RuleName = ResourceName(id),
            Description = $"Runs the account-creation hook after Control Tower {eventName} succeeded",
            EventPattern = LifecyclePattern(eventName, statusKey),
        });
        rule.AddTarget(new SfnStateMachine(machine, new SfnStateMachineProps
        {
            Input = RuleTargetInput.FromObject(new Dictionary<string, object>
            {
                ["accountId"] = EventField.FromPath($"$.detail.serviceEventDetails.{statusKey}.account.accountId"),
            }),
        }));
    }

    private void ForwardToOtherRegions()
    {
        var others = GovernedRegions.Where(r => !string.Equals(r, HomeRegion, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (others.Count == 0)
        {
            return;
        }

        var home = HomeRegionCondition();
        // Named like the central forwarders' sender roles: protect-alert-resources keeps anyone from cutting the hook off in
        // the other regions by changing it.
        var role = new Role(this, "ForwardRole", new RoleProps
        {
            RoleName = Fn.Join(string.Empty, [Core.Packaging.ResourceNames.Fit(NamePrefix + "-regions", 40), CentralAlertForwarder.SenderRoleMarker, Aws.REGION]),
            AssumedBy = new ServicePrincipal("events.amazonaws.com"),
            Description = "Forwards Control Tower lifecycle events to the governed regions' default buses",
        });
        OnlyIf(role, home);

        foreach (var operation in new[] { ("CreateManagedAccount", "createManagedAccountStatus"), ("UpdateManagedAccount", "updateManagedAccountStatus") })
        {
            var rule = new Rule(this, $"Forward{operation.Item1}Rule", new RuleProps
            {
                RuleName = ResourceName($"Forward{operation.Item1}Rule"),
                Description = $"Forwards Control Tower {operation.Item1} to the other governed regions",
                EventPattern = LifecyclePattern(operation.Item1, operation.Item2),
            });
            foreach (var region in others)
            {
                var bus = Amazon.CDK.AWS.Events.EventBus.FromEventBusArn(this, $"Bus{operation.Item1}{region}", Fn.Sub($"arn:${{AWS::Partition}}:events:{region}:${{AWS::AccountId}}:event-bus/default"));
                rule.AddTarget(new Amazon.CDK.AWS.Events.Targets.EventBus(bus, new Amazon.CDK.AWS.Events.Targets.EventBusProps { Role = role }));
            }

            OnlyIf(rule, home);
        }

        OnlyIf(role.Node.FindChild("DefaultPolicy"), home);
    }
}
