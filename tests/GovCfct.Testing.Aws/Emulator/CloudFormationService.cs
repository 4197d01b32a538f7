using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>
/// CloudFormation's StackSets read and drift operations in memory, over the query protocol, for the states moto
/// cannot produce (moto reports every instance CURRENT/SUCCEEDED and has no drift detection): failed, outdated and
/// drifted instances, running operations and a DetectStackSetDrift that completes on a later poll. Tests script the
/// state directly; every request and response is checked against botocore's model by the server.
/// </summary>
internal sealed class CloudFormationService : IEmulatedService
{
    /// <summary>The StackSets read operations are authorized on resource <c>*</c> : no test evaluates a policy for them, so no resource is narrowed.</summary>
    public AuthorizationRequest Authorization(string operation, JsonElement input) =>
        new("cloudformation:" + operation, "*", new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, StackSet> _sets = new(StringComparer.Ordinal);
    private int _sequence;

    public ServiceModel Model { get; } = ServiceModel.Load("cloudformation");

    /// <summary>Drift statuses DetectStackSetDrift reports when it completes: (stack set, account, region) → DRIFTED/IN_SYNC.</summary>
    public Dictionary<(string, string, string), string> DriftOnDetection { get; } = [];

    /// <summary>What DescribeOrganizationsAccess answers: StackSets' trusted access with Organizations.</summary>
    public string OrganizationsAccess { get; set; } = "ENABLED";

    /// <summary>Stack sets ListStackSets reports as SERVICE_MANAGED (the rest are SELF_MANAGED, as CfCT makes them).</summary>
    public HashSet<string> ServiceManaged { get; } = new(StringComparer.Ordinal);

    public void AddStackSet(string name, string templateBody, params (string Key, string Value)[] parameters)
    {
        lock (this)
        {
            _sets[name] = new StackSet(name, $"{name}:{Guid.NewGuid()}", templateBody, [.. parameters]);
        }
    }

    public void SetInstance(string stackSet, string account, string region, string status, string detailedStatus, string? reason = null, string? drift = null)
    {
        lock (this)
        {
            var set = _sets[stackSet];
            set.Instances.RemoveAll(i => i.Account == account && i.Region == region);
            set.Instances.Add(new Instance(account, region) { Status = status, DetailedStatus = detailedStatus, Reason = reason, Drift = drift });
        }
    }

    /// <summary>Adds (or replaces) an operation with its per-instance results; the newest operation is listed first, as AWS lists them.</summary>
    public void SetOperation(string stackSet, string operationId, string action, string status, DateTimeOffset created, params (string Account, string Region, string Status, string? Reason)[] results)
    {
        lock (this)
        {
            var set = _sets[stackSet];
            set.Operations.RemoveAll(o => o.Id == operationId);
            set.Operations.Add(new Operation(operationId, action, created) { Status = status, Results = [.. results] });
        }
    }

    public JsonNode Handle(string operation, JsonElement input, EmulatorIdentity caller) => operation switch
    {
        "ListStackSets" => Page(input, _sets.Values.Where(s => !input.TryGetProperty("Status", out var st) || st.GetString() == "ACTIVE").Select(s => (JsonNode)new JsonObject
        {
            ["StackSetName"] = s.Name,
            ["StackSetId"] = s.Id,
            ["Status"] = "ACTIVE",
            ["PermissionModel"] = ServiceManaged.Contains(s.Name) ? "SERVICE_MANAGED" : "SELF_MANAGED",
        }).ToList()),
        "DescribeOrganizationsAccess" => new JsonObject { ["Status"] = OrganizationsAccess },
        "DescribeStackSet" => DescribeStackSet(input),
        "ListStackInstances" => ListStackInstances(input),
        "DescribeStackInstance" => DescribeStackInstance(input),
        "ListStackSetOperations" => Page(input, Set(input).Operations.OrderByDescending(o => o.Created).Select(o => (JsonNode)OperationJson(o, summary: true)).ToList()),
        "ListStackSetOperationResults" => Page(input, FindOperation(input).Results.Select(r => (JsonNode)Result(r)).ToList()),
        "DetectStackSetDrift" => DetectStackSetDrift(input),
        "DescribeStackSetOperation" => DescribeStackSetOperation(input),
        _ => throw new EmulatedAwsError("UnknownOperationException", $"Operation {operation} is not emulated."),
    };

    private static JsonObject Result((string Account, string Region, string Status, string? Reason) r)
    {
        var result = new JsonObject { ["Account"] = r.Account, ["Region"] = r.Region, ["Status"] = r.Status };
        if (r.Reason is not null)
        {
            result["StatusReason"] = r.Reason;
        }

        return result;
    }

    private JsonObject DescribeStackSet(JsonElement input)
    {
        var set = Set(input);
        var parameters = new JsonArray();
        foreach (var (key, value) in set.Parameters)
        {
            parameters.Add(new JsonObject { ["ParameterKey"] = key, ["ParameterValue"] = value });
        }

        return new JsonObject
        {
            ["StackSet"] = new JsonObject
            {
                ["StackSetName"] = set.Name,
                ["StackSetId"] = set.Id,
                ["Status"] = "ACTIVE",
                ["TemplateBody"] = set.TemplateBody,
                ["Parameters"] = parameters,
                ["AdministrationRoleARN"] = "arn:aws:iam::123456789012:role/service-role/AWSControlTowerStackSetRole",
                ["ExecutionRoleName"] = "AWSControlTowerExecution",
                ["PermissionModel"] = "SELF_MANAGED",
            },
        };
    }

    private JsonObject ListStackInstances(JsonElement input)
    {
        var set = Set(input);
        IEnumerable<Instance> instances = set.Instances.OrderBy(i => i.Account, StringComparer.Ordinal).ThenBy(i => i.Region, StringComparer.Ordinal);
        if (input.TryGetProperty("Filters", out var filters))
        {
            foreach (var filter in filters.EnumerateArray())
            {
                var value = filter.GetProperty("Values").GetString();
                instances = filter.GetProperty("Name").GetString() switch
                {
                    "DETAILED_STATUS" => instances.Where(i => i.DetailedStatus == value),
                    "DRIFT_STATUS" => instances.Where(i => (i.Drift ?? "NOT_CHECKED") == value),
                    "LAST_OPERATION_ID" => instances.Where(i => i.LastOperationId == value),
                    _ => instances,
                };
            }
        }

        return Page(input, instances.Select(i => (JsonNode)InstanceJson(set, i)).ToList());
    }

    private JsonObject DescribeStackInstance(JsonElement input)
    {
        var set = Set(input);
        var account = input.GetProperty("StackInstanceAccount").GetString();
        var region = input.GetProperty("StackInstanceRegion").GetString();
        var instance = set.Instances.FirstOrDefault(i => i.Account == account && i.Region == region)
            ?? throw new EmulatedAwsError("StackInstanceNotFoundException", $"Stack instance for account {account} in {region} not found.", 404);
        return new JsonObject { ["StackInstance"] = InstanceJson(set, instance) };
    }

    private JsonObject DetectStackSetDrift(JsonElement input)
    {
        var set = Set(input);
        var id = Guid.NewGuid().ToString();
        set.Operations.Add(new Operation(id, "DETECT_DRIFT", DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000 + Interlocked.Increment(ref _sequence))) { Status = "RUNNING" });
        return new JsonObject { ["OperationId"] = id };
    }

    private JsonObject DescribeStackSetOperation(JsonElement input)
    {
        var set = Set(input);
        var operation = FindOperation(input);

        // Drift detection finishes on the poll after the one that saw it running.
        if (operation.Action == "DETECT_DRIFT" && operation.Status == "RUNNING" && ++operation.Polls > 1)
        {
            operation.Status = "SUCCEEDED";
            foreach (var instance in set.Instances)
            {
                instance.Drift = DriftOnDetection.GetValueOrDefault((set.Name, instance.Account, instance.Region), "IN_SYNC");
            }
        }

        var json = OperationJson(operation, summary: false);
        json["StackSetId"] = set.Id;
        return new JsonObject { ["StackSetOperation"] = json };
    }

    private static JsonObject OperationJson(Operation o, bool summary)
    {
        var json = new JsonObject
        {
            ["OperationId"] = o.Id,
            ["Action"] = o.Action,
            ["Status"] = o.Status,
            ["CreationTimestamp"] = o.Created.ToUnixTimeSeconds(),
        };
        if (o.Status is "SUCCEEDED" or "FAILED" or "STOPPED")
        {
            json["EndTimestamp"] = o.Created.AddMinutes(2).ToUnixTimeSeconds();
        }

        _ = summary;
        return json;
    }

    private static JsonObject InstanceJson(StackSet set, Instance i)
    {
        var json = new JsonObject
        {
            ["StackSetId"] = set.Id,
            ["Region"] = i.Region,
            ["Account"] = i.Account,
            ["StackId"] = string.Create(CultureInfo.InvariantCulture, $"arn:aws:cloudformation:{i.Region}:{i.Account}:stack/StackSet-{set.Name}/{set.Id[(set.Name.Length + 1)..]}"),
            ["Status"] = i.Status,
            ["StackInstanceStatus"] = new JsonObject { ["DetailedStatus"] = i.DetailedStatus },
        };
        if (i.Reason is not null)
        {
            json["StatusReason"] = i.Reason;
        }

        if (i.Drift is not null)
        {
            json["DriftStatus"] = i.Drift;
        }

        if (i.LastOperationId is not null)
        {
            json["LastOperationId"] = i.LastOperationId;
        }

        return json;
    }

    /// <summary>MaxResults and NextToken as AWS pages them (the token is opaque to the client; here an offset).</summary>
    private static JsonObject Page(JsonElement input, List<JsonNode> items)
    {
        var size = input.TryGetProperty("MaxResults", out var max) ? max.GetInt32() : 100;
        var start = input.TryGetProperty("NextToken", out var token) ? int.Parse(token.GetString()!, CultureInfo.InvariantCulture) : 0;
        var page = new JsonArray([.. items.Skip(start).Take(size).Select(i => i.DeepClone())]);
        var result = new JsonObject { ["Summaries"] = page };
        if (start + size < items.Count)
        {
            result["NextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private StackSet Set(JsonElement input)
    {
        var name = input.GetProperty("StackSetName").GetString()!;
        return _sets.GetValueOrDefault(name) ?? throw new EmulatedAwsError("StackSetNotFoundException", $"StackSet {name} not found", 404);
    }

    private Operation FindOperation(JsonElement input)
    {
        var id = input.GetProperty("OperationId").GetString();
        return Set(input).Operations.FirstOrDefault(o => o.Id == id) ?? throw new EmulatedAwsError("OperationNotFoundException", $"Operation {id} not found", 404);
    }

    private sealed record StackSet(string Name, string Id, string TemplateBody, List<(string, string)> Parameters)
    {
        public List<Instance> Instances { get; } = [];

        public List<Operation> Operations { get; } = [];
    }

    private sealed record Instance(string Account, string Region)
    {
        public string Status { get; set; } = "CURRENT";

        public string DetailedStatus { get; set; } = "SUCCEEDED";

        public string? Reason { get; set; }

        public string? Drift { get; set; }

        public string? LastOperationId { get; set; }
    }

    private sealed record Operation(string Id, string Action, DateTimeOffset Created)
    {
        public string Status { get; set; } = "RUNNING";

        public int Polls { get; set; }

        public List<(string Account, string Region, string Status, string? Reason)> Results { get; set; } = [];
    }
}
