using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>
/// CodePipeline's view of CfCT's pipeline in memory: stage states and a manual approval action that waits
/// for <c>PutApprovalResult</c> with the token <c>GetPipelineState</c> shows.
/// </summary>
internal sealed class CodePipelineService : IEmulatedService
{
    private readonly Dictionary<string, List<Stage>> _pipelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _revisions = new(StringComparer.Ordinal);

    public ServiceModel Model { get; } = ServiceModel.Load("codepipeline");

    /// <summary>CfCT's pipeline with its stages; when <paramref name="approvalToken"/> is set, the approval stage waits for it.</summary>
    public void AddCfctPipeline(string name, string? approvalToken)
    {
        var execution = FirstExecution;
        _revisions[execution] = FirstRevision;
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

    /// <summary>
    /// What IAM evaluates (CodePipeline User Guide, "CodePipeline permissions reference"): the pipeline for
    /// GetPipelineState and GetPipelineExecution, the action (<c>pipeline/stage/action</c>) for PutApprovalResult.
    /// </summary>
    public AuthorizationRequest Authorization(string operation, JsonElement input)
    {
        const string prefix = "arn:aws:codepipeline:ap-northeast-1:111122223333:";
        var name = input.TryGetProperty("pipelineName", out var p) ? p.GetString() : input.TryGetProperty("name", out var n) ? n.GetString() : "*";
        var resource = operation == "PutApprovalResult"
            ? $"{prefix}{name}/{input.GetProperty("stageName").GetString()}/{input.GetProperty("actionName").GetString()}"
            : prefix + name;
        return new AuthorizationRequest("codepipeline:" + operation, resource, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>
    /// A newer execution on <paramref name="revision"/> passes Source and Build while the older one still waits at the
    /// approval: CfCT's V1 pipeline in superseded mode lets a newer execution wait behind a stage that is in progress
    /// (CodePipeline User Guide, "How executions are processed in SUPERSEDED mode").
    /// </summary>
    public string Supersede(string pipeline, string revision)
    {
        var execution = Guid.NewGuid().ToString();
        _revisions[execution] = revision;
        foreach (var stage in _pipelines[pipeline].Where(s => s.Name is "Source" or "Build"))
        {
            stage.Execution = execution;
        }

        return execution;
    }

    /// <summary>The execution CfCT's pipeline was seeded with and its source revision.</summary>
    public const string FirstExecution = "3f1c2a4e-9b7d-4c1e-8a2f-0d6b5e4c3a21";

    public const string FirstRevision = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

    public JsonNode Handle(string operation, JsonElement input, EmulatorIdentity caller) => operation switch
    {
        "GetPipelineState" => GetPipelineState(input),
        "GetPipelineExecution" => GetPipelineExecution(input),
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

    private JsonObject GetPipelineExecution(JsonElement input)
    {
        var name = input.GetProperty("pipelineName").GetString()!;
        Pipeline(name);
        var id = input.GetProperty("pipelineExecutionId").GetString()!;
        var revision = _revisions.GetValueOrDefault(id) ?? throw new EmulatedAwsError("PipelineExecutionNotFoundException", $"Execution {id} not found.");
        return new JsonObject
        {
            ["pipelineExecution"] = new JsonObject
            {
                ["pipelineName"] = name,
                ["pipelineVersion"] = 1,
                ["pipelineExecutionId"] = id,
                ["status"] = "InProgress",
                ["executionMode"] = "SUPERSEDED",
                ["artifactRevisions"] = new JsonArray(new JsonObject { ["name"] = "SourceArtifact", ["revisionId"] = revision, ["revisionSummary"] = "GovCfct publish" }),
            },
        };
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

        public string Execution { get; set; } = execution;

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
