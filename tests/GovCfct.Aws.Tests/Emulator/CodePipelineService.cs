using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Aws.Tests.Emulator;

/// <summary>
/// CodePipeline's view of CfCT's pipeline in memory: stage states and a manual approval action that waits
/// for <c>PutApprovalResult</c> with the token <c>GetPipelineState</c> shows.
/// </summary>
internal sealed class CodePipelineService : IEmulatedService
{
    private readonly Dictionary<string, List<Stage>> _pipelines = new(StringComparer.Ordinal);

    public ServiceModel Model { get; } = ServiceModel.Load("codepipeline");

    /// <summary>CfCT's pipeline with its stages; when <paramref name="approvalToken"/> is set, the approval stage waits for it.</summary>
    public void AddCfctPipeline(string name, string? approvalToken)
    {
        var execution = "3f1c2a4e-9b7d-4c1e-8a2f-0d6b5e4c3a21";
        _pipelines[name] =
        [
            new("Source", execution, "Succeeded", [new Action("Source", "Succeeded", null)]),
            new("Build", execution, "Succeeded", [new Action("CodeBuild", "Succeeded", null)]),
            new("Approval", execution, approvalToken is null ? "Succeeded" : "InProgress", [new Action("Approval", approvalToken is null ? "Succeeded" : "InProgress", approvalToken)]),
            new("ServiceControlPolicy", execution, null, [new Action("ServiceControlPolicy", null, null)]),
            new("StackSet", execution, null, [new Action("StackSet", null, null)]),
        ];
    }

    /// <summary>Sets a stage's latest execution status (InProgress, Succeeded, Failed), as a run moves through the pipeline.</summary>
    public void SetStage(string pipeline, string stageName, string? status)
    {
        lock (this)
        {
            var stage = _pipelines[pipeline].Single(s => s.Name == stageName);
            stage.Status = status;
            foreach (var action in stage.Actions)
            {
                action.Status = status;
            }
        }
    }

    /// <summary>The approval's outcome as the pipeline recorded it (status and summary).</summary>
    public (string? Status, string? Summary) ApprovalOutcome(string pipeline)
    {
        var action = _pipelines[pipeline].Single(s => s.Name == "Approval").Actions[0];
        return (action.Status, action.Summary);
    }

    public JsonNode Handle(string operation, JsonElement input, EmulatorIdentity caller) => operation switch
    {
        "GetPipelineState" => GetPipelineState(input),
        "PutApprovalResult" => PutApprovalResult(input, caller),
        _ => throw new EmulatedAwsError("UnknownOperationException", $"Operation {operation} is not emulated."),
    };

    private JsonObject GetPipelineState(JsonElement input)
    {
        var name = input.GetProperty("name").GetString()!;
        var stages = Pipeline(name);
        var states = new JsonArray();
        foreach (var stage in stages)
        {
            var actions = new JsonArray();
            foreach (var action in stage.Actions)
            {
                var state = new JsonObject { ["actionName"] = action.Name };
                if (action.Status is not null)
                {
                    var latest = new JsonObject { ["status"] = action.Status, ["actionExecutionId"] = "a-" + stage.Name };
                    if (action.Token is not null && action.Status == "InProgress")
                    {
                        latest["token"] = action.Token;
                    }

                    if (action.Summary is not null)
                    {
                        latest["summary"] = action.Summary;
                    }

                    state["latestExecution"] = latest;
                }

                actions.Add(state);
            }

            var stageState = new JsonObject { ["stageName"] = stage.Name, ["actionStates"] = actions };
            if (stage.Status is not null)
            {
                stageState["latestExecution"] = new JsonObject { ["pipelineExecutionId"] = stage.Execution, ["status"] = stage.Status };
            }

            states.Add(stageState);
        }

        return new JsonObject { ["pipelineName"] = name, ["pipelineVersion"] = 1, ["stageStates"] = states, ["created"] = 1764300000, ["updated"] = 1764300000 };
    }

    private JsonObject PutApprovalResult(JsonElement input, EmulatorIdentity caller)
    {
        var stages = Pipeline(input.GetProperty("pipelineName").GetString()!);
        var stageName = input.GetProperty("stageName").GetString()!;
        var stage = stages.FirstOrDefault(s => s.Name == stageName) ?? throw new EmulatedAwsError("StageNotFoundException", $"Stage {stageName} not found.");
        var actionName = input.GetProperty("actionName").GetString()!;
        var action = stage.Actions.FirstOrDefault(a => a.Name == actionName) ?? throw new EmulatedAwsError("ActionNotFoundException", $"Action {actionName} not found.");
        if (action.Status != "InProgress")
        {
            throw new EmulatedAwsError("ApprovalAlreadyCompletedException", "The approval request already received a response or has expired.");
        }

        if (input.GetProperty("token").GetString() != action.Token)
        {
            throw new EmulatedAwsError("InvalidApprovalTokenException", "The approval token is not valid.");
        }

        var result = input.GetProperty("result");
        var approved = result.GetProperty("status").GetString() == "Approved";
        action.Status = approved ? "Succeeded" : "Failed";
        action.Summary = result.GetProperty("summary").GetString();
        action.Token = null;
        stage.Status = approved ? "Succeeded" : "Failed";
        _ = caller;
        return new JsonObject { ["approvedAt"] = 1764300100 };
    }

    private List<Stage> Pipeline(string name) =>
        _pipelines.GetValueOrDefault(name) ?? throw new EmulatedAwsError("PipelineNotFoundException", $"Pipeline {name} not found.");

    private sealed class Stage(string name, string execution, string? status, List<Action> actions)
    {
        public string Name { get; } = name;

        public string Execution { get; } = execution;

        public string? Status { get; set; } = status;

        public List<Action> Actions { get; } = actions;
    }

    private sealed class Action(string name, string? status, string? token)
    {
        public string Name { get; } = name;

        public string? Status { get; set; } = status;

        public string? Token { get; set; } = token;

        public string? Summary { get; set; }
    }
}
