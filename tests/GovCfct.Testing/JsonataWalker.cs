using System.Text.Json.Nodes;

namespace GovCfct.Testing;

/// <summary>
/// Walks one path of a JSONata-mode Step Functions definition the way Step Functions evaluates it, with every
/// expression (Arguments, Assign, Output, Condition, Items, ItemSelector, Error, Cause) evaluated by the real jsonata
/// package through a <see cref="JsonataSession"/>. Task results come from a responder (botocore-shaped responses
/// or errors named as Step Functions reports them). An expression that is undefined or fails where Step Functions
/// raises States.QueryEvaluationError is recorded as a problem. Retry is simulated without waiting: a Task error that
/// the state's first matching retrier covers asks the responder again (next call index) while that retrier has
/// attempts left (MaxAttempts, default 3, as in the States language); then the error goes to Catch.
/// </summary>
public sealed class JsonataWalker(JsonataWalker.Responder responder, JsonObject context, JsonataSession session)
{
    /// <summary>The outcome of one Task (or distributed Map) call: a result, or an error name and cause.</summary>
    public sealed record Outcome(JsonNode? Result, string? Error = null, string? Cause = null)
    {
        public static Outcome Ok(JsonNode? result) => new(result);

        public static Outcome Fail(string error, string cause) => new(null, error, cause);
    }

    /// <summary>Answers the n-th (0-based) call of a state with its evaluated Arguments.</summary>
    public delegate Outcome Responder(string state, int call, JsonNode? arguments);

    /// <summary>Where a path ended: the last state, its error (for Fail states and uncaught errors), the output.</summary>
    public sealed record Ending(string State, string? Error, string? Cause, JsonNode? Output);

    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>Every state entered, in order.</summary>
    public List<string> Visited { get; } = [];

    /// <summary>Each expression evaluated, as "state/field" → the expression text.</summary>
    public HashSet<string> Evaluated { get; } = new(StringComparer.Ordinal);

    /// <summary>Undefined or failing expressions, as "state/field: what went wrong".</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Every retried Task error, as "state: error", in order.</summary>
    public List<string> Retried { get; } = [];

    /// <summary>Runs a (sub-)machine from StartAt until a terminal state; <paramref name="variables"/> is updated in place.</summary>
    public Ending Run(JsonObject machine, JsonNode? input, Dictionary<string, JsonNode?> variables)
    {
        var states = machine["States"]!.AsObject();
        var name = machine["StartAt"]!.GetValue<string>();
        for (var steps = 0; steps < 500; steps++)
        {
            Visited.Add(name);
            var state = states[name]!.AsObject();
            var type = state["Type"]!.GetValue<string>();
            string? next = state["Next"]?.GetValue<string>();
            JsonNode? output;
            switch (type)
            {
                case "Pass":
                    output = Finish(name, state, input, input, null, variables) ?? input;
                    break;
                case "Wait":
                    output = input;
                    break;
                case "Succeed":
                    return new Ending(name, null, null, Finish(name, state, input, null, null, variables) ?? input);
                case "Fail":
                    {
                        var values = Evaluate(name, new JsonObject { ["Error"] = state["Error"]?.DeepClone(), ["Cause"] = state["Cause"]?.DeepClone() }, Bindings(input, null, null, variables));
                        return new Ending(name, values?["Error"]?.GetValue<string>(), values?["Cause"]?.GetValue<string>(), null);
                    }

                case "Choice":
                    {
                        var choices = state["Choices"]!.AsArray();
                        var conditions = new JsonObject();
                        for (var i = 0; i < choices.Count; i++)
                        {
                            conditions[$"c{i}"] = choices[i]!["Condition"]!.DeepClone();
                        }

                        var judged = Evaluate(name, conditions, Bindings(input, null, null, variables));
                        next = state["Default"]?.GetValue<string>();
                        for (var i = 0; i < choices.Count; i++)
                        {
                            if (judged?[$"c{i}"] is JsonValue value && value.TryGetValue<bool>(out var chosen) && chosen)
                            {
                                next = choices[i]!["Next"]!.GetValue<string>();
                                Finish($"{name}/Choices[{i}]", choices[i]!.AsObject(), input, null, null, variables);
                                break;
                            }
                        }

                        if (next is null)
                        {
                            Problems.Add($"{name}: no choice matched and there is no Default (States.NoChoiceMatched)");
                            return new Ending(name, "States.NoChoiceMatched", null, null);
                        }

                        output = input;
                        break;
                    }

                case "Task":
                case "Map":
                    {
                        var call = _calls.GetValueOrDefault(name);
                        _calls[name] = call + 1;
                        var bindings = Bindings(input, null, null, variables);
                        JsonNode? arguments = null;
                        if (state["Arguments"] is { } template)
                        {
                            arguments = Evaluate(name, new JsonObject { ["Arguments"] = template.DeepClone() }, bindings)?["Arguments"]?.DeepClone();
                        }

                        var outcome = type == "Task" ? responder(name, call, arguments) : RunMap(name, state, input, variables, call);
                        if (type == "Task")
                        {
                            outcome = Retry(name, state, arguments, outcome);
                        }

                        if (outcome.Error is not null)
                        {
                            var errorOutput = new JsonObject { ["Error"] = outcome.Error, ["Cause"] = outcome.Cause };
                            var handler = state["Catch"]?.AsArray().FirstOrDefault(c => c!["ErrorEquals"]!.AsArray().Any(e => Catches(e!.GetValue<string>(), outcome.Error)));
                            if (handler is null)
                            {
                                return new Ending(name, outcome.Error, outcome.Cause, null);
                            }

                            output = Finish($"{name}/Catch", handler.AsObject(), input, null, errorOutput, variables) ?? errorOutput;
                            next = handler["Next"]!.GetValue<string>();
                            break;
                        }

                        output = Finish(name, state, input, outcome.Result, null, variables) ?? outcome.Result;
                        break;
                    }

                default:
                    throw new InvalidOperationException($"state type {type} is not walked");
            }

            if (state["End"]?.GetValue<bool>() == true)
            {
                return new Ending(name, null, null, output);
            }

            input = output;
            name = next ?? throw new InvalidOperationException($"state {name} has neither Next nor End");
        }

        throw new InvalidOperationException("the path did not end within 500 states");
    }

    /// <summary>All expressions of a definition, as JSON paths, so a test can prove each was evaluated.</summary>
    public static IEnumerable<(string Path, string Expression)> Expressions(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    foreach (var item in Expressions(value, $"{path}.{key}"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var item in Expressions(array[i], $"{path}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && IsExpression(text):
                yield return (path, Strip(text));
                break;
        }
    }

    /// <summary>Asks the responder again while the first retrier matching the error has attempts left.</summary>
    private Outcome Retry(string name, JsonObject state, JsonNode? arguments, Outcome outcome)
    {
        var retriers = state["Retry"]?.AsArray() ?? [];
        var attempts = new int[retriers.Count];
        while (outcome.Error is { } error)
        {
            var index = -1;
            for (var i = 0; i < retriers.Count && index < 0; i++)
            {
                if (retriers[i]!["ErrorEquals"]!.AsArray().Any(e => Catches(e!.GetValue<string>(), error)))
                {
                    index = i;
                }
            }

            if (index < 0 || attempts[index] >= (retriers[index]!["MaxAttempts"]?.GetValue<int>() ?? 3))
            {
                return outcome;
            }

            attempts[index]++;
            Retried.Add($"{name}: {error}");
            var call = _calls.GetValueOrDefault(name);
            _calls[name] = call + 1;
            outcome = responder(name, call, arguments);
        }

        return outcome;
    }

    private static bool IsExpression(string text) => text.StartsWith("{%", StringComparison.Ordinal) && text.EndsWith("%}", StringComparison.Ordinal);

    private static string Strip(string text) => text[2..^2].Trim();

    private static bool Catches(string pattern, string error) =>
        pattern == "States.ALL" || pattern == error || (pattern == "States.TaskFailed" && !error.StartsWith("States.", StringComparison.Ordinal));

    private Outcome RunMap(string name, JsonObject state, JsonNode? input, Dictionary<string, JsonNode?> variables, int call)
    {
        var bindings = Bindings(input, null, null, variables);
        var processor = state["ItemProcessor"]!.AsObject();
        var distributed = processor["ProcessorConfig"]?["Mode"]?.GetValue<string>() == "DISTRIBUTED";
        JsonArray items;
        if (state["Items"] is { } itemsTemplate)
        {
            items = Evaluate(name, new JsonObject { ["Items"] = itemsTemplate.DeepClone() }, bindings)?["Items"] as JsonArray ?? [];
        }
        else
        {
            // ItemReader: the responder supplies the items read (e.g. CSV rows); its Arguments are evaluated here.
            if (state["ItemReader"]?["Arguments"] is { } readerArguments)
            {
                Evaluate($"{name}/ItemReader", new JsonObject { ["Arguments"] = readerArguments.DeepClone() }, bindings);
            }

            var read = responder($"{name}/ItemReader", call, null);
            if (read.Error is not null)
            {
                return read;
            }

            items = read.Result as JsonArray ?? [];
        }

        if (state["ResultWriter"]?["Arguments"] is { } writerArguments)
        {
            Evaluate($"{name}/ResultWriter", new JsonObject { ["Arguments"] = writerArguments.DeepClone() }, bindings);
        }

        var results = new JsonArray();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i]?.DeepClone();
            if (state["ItemSelector"] is { } selector)
            {
                var itemContext = context.DeepClone().AsObject();
                itemContext["Map"] = new JsonObject { ["Item"] = new JsonObject { ["Index"] = i, ["Value"] = items[i]?.DeepClone() } };
                var selected = Evaluate($"{name}/ItemSelector", new JsonObject { ["ItemSelector"] = selector.DeepClone() }, Bindings(input, null, null, variables, itemContext));
                item = selected?["ItemSelector"]?.DeepClone();
            }

            // Inline iterations see the outer variables; distributed child executions start with none.
            var scope = distributed ? new Dictionary<string, JsonNode?>(StringComparer.Ordinal) : new Dictionary<string, JsonNode?>(variables, StringComparer.Ordinal);
            var ending = Run(processor, item, scope);
            if (ending.Error is not null)
            {
                if (!distributed)
                {
                    return Outcome.Fail(ending.Error, ending.Cause ?? string.Empty);
                }

                continue;
            }

            results.Add(ending.Output?.DeepClone());
        }

        // A distributed Map with a ResultWriter returns the map run and where the results went (responder's answer).
        return distributed ? responder(name, call, results) : Outcome.Ok(results);
    }

    /// <summary>Evaluates Assign and Output of a state (or Choice rule, or Catch) and applies Assign; returns the Output, if any.</summary>
    private JsonNode? Finish(string label, JsonObject holder, JsonNode? input, JsonNode? result, JsonNode? errorOutput, Dictionary<string, JsonNode?> variables)
    {
        var fields = new JsonObject();
        if (holder["Assign"] is JsonObject assign)
        {
            fields["Assign"] = assign.DeepClone();
        }

        if (holder["Output"] is { } output)
        {
            fields["Output"] = output.DeepClone();
        }

        if (fields.Count == 0)
        {
            return null;
        }

        var values = Evaluate(label, fields, Bindings(input, result, errorOutput, variables));
        if (values?["Assign"] is JsonObject assigned)
        {
            foreach (var (key, value) in assigned)
            {
                variables[key] = value?.DeepClone();
            }
        }

        return values?["Output"]?.DeepClone();
    }

    private JsonObject Bindings(JsonNode? input, JsonNode? result, JsonNode? errorOutput, Dictionary<string, JsonNode?> variables, JsonObject? contextOverride = null)
    {
        var states = new JsonObject { ["input"] = input?.DeepClone(), ["context"] = (contextOverride ?? context).DeepClone() };
        if (result is not null)
        {
            states["result"] = result.DeepClone();
        }

        if (errorOutput is not null)
        {
            states["errorOutput"] = errorOutput.DeepClone();
        }

        var bindings = new JsonObject { ["states"] = states };
        foreach (var (key, value) in variables)
        {
            bindings[key] = value?.DeepClone();
        }

        return bindings;
    }

    /// <summary>Evaluates every expression inside <paramref name="template"/> in one oracle call; literals are kept.</summary>
    private JsonNode? Evaluate(string label, JsonNode template, JsonObject bindings)
    {
        var found = Expressions(template).ToList();
        if (found.Count == 0)
        {
            return template;
        }

        var cases = found.Select(f => new StepFunctionsOracle.JsonataCase(f.Path, f.Expression, bindings["states"]!["input"]?.DeepClone(), bindings)).ToList();
        var results = session.Evaluate(cases).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var copy = template.DeepClone();
        foreach (var (path, expression) in found)
        {
            Evaluated.Add($"{label}|{path}|{expression}");
            var result = results[path];
            if (result.Error is not null || !result.Defined)
            {
                Problems.Add($"{label} {path[2..]}: '{expression}' {(result.Error is null ? "returned nothing (undefined)" : "failed: " + result.Error)}");
            }

            Replace(copy, path, result.Defined ? result.Value?.DeepClone() : null);
        }

        return copy;
    }

    /// <summary>Sets the node at a path produced by <see cref="Expressions"/> ("$.a.b[2].c").</summary>
    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var tokens = System.Text.RegularExpressions.Regex.Matches(path[1..], @"\.([^.\[]+)|\[(\d+)\]").Select(m => m.Groups[1].Success ? (object)m.Groups[1].Value : int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var node = root;
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            node = tokens[i] is string key ? node[key]! : node[(int)tokens[i]]!;
        }

        if (tokens[^1] is string last)
        {
            node[last] = value;
        }
        else
        {
            node[(int)tokens[^1]] = value;
        }
    }
}
