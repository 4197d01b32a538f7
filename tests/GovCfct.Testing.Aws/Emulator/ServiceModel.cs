using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>An error the emulated service returns, in AWS's JSON-1.1 shape (<c>__type</c>, <c>message</c>).</summary>
internal sealed class EmulatedAwsError(string type, string message, int status = 400) : Exception(message)
{
    public string Type { get; } = type;

    public int Status { get; } = status;
}

/// <summary>
/// A botocore service model (vendored under Models/) used to reject every request AWS would reject: unknown
/// operations, unknown or missing members, wrong JSON types, and string/number/list constraints. The error
/// type follows the operation's own error list (<c>RepositoryNameRequiredException</c>, <c>InvalidPathException</c>)
/// and falls back to the protocol-level <c>ValidationException</c> / <c>SerializationException</c>.
/// </summary>
internal sealed class ServiceModel
{
    private readonly JsonElement _operations;
    private readonly JsonElement _shapes;

    private ServiceModel(JsonDocument document)
    {
        var root = document.RootElement;
        _operations = root.GetProperty("operations");
        _shapes = root.GetProperty("shapes");
        var metadata = root.GetProperty("metadata");
        TargetPrefix = metadata.TryGetProperty("targetPrefix", out var prefix) ? prefix.GetString()! : string.Empty;
        SigningName = metadata.TryGetProperty("signingName", out var signing) ? signing.GetString()! : metadata.GetProperty("endpointPrefix").GetString()!;
        Protocol = metadata.GetProperty("protocol").GetString()!;
        XmlNamespace = metadata.TryGetProperty("xmlNamespace", out var ns) ? ns.GetString() : null;
    }

    /// <summary>The JSON-1.1 target prefix (empty for query and rest-json services).</summary>
    public string TargetPrefix { get; }

    public string SigningName { get; }

    /// <summary>json, query or rest-json: decides how the emulator reads requests and writes responses.</summary>
    public string Protocol { get; }

    public string? XmlNamespace { get; }

    internal JsonElement Shapes => _shapes;

    /// <summary>The input and output shape names of an operation (output null when it has none).</summary>
    internal (string Input, string? Output) ShapesOf(string operation)
    {
        var op = _operations.GetProperty(operation);
        return (op.GetProperty("input").GetProperty("shape").GetString()!, op.TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null);
    }

    /// <summary>The rest-json operation whose http method and requestUri match, or null.</summary>
    public string? RestOperation(string method, string path)
    {
        foreach (var op in _operations.EnumerateObject())
        {
            var http = op.Value.GetProperty("http");
            if (http.GetProperty("method").GetString() == method && http.GetProperty("requestUri").GetString() == path)
            {
                return op.Name;
            }
        }

        return null;
    }

    public static ServiceModel Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"GovCfct.Testing.Aws.Emulator.Models.{name}.model.json")
            ?? throw new InvalidOperationException($"model {name} is not embedded");
        return new ServiceModel(JsonDocument.Parse(stream));
    }

    public bool HasOperation(string operation) => _operations.TryGetProperty(operation, out _);

    /// <summary>Checks a request body against the operation's input shape; throws the error AWS would return.</summary>
    public void ValidateInput(string operation, JsonElement body)
    {
        if (!_operations.TryGetProperty(operation, out var op))
        {
            throw new EmulatedAwsError("UnknownOperationException", $"Operation {operation} is not supported.");
        }

        var errors = op.TryGetProperty("errors", out var list)
            ? list.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var inputShape = op.GetProperty("input").GetProperty("shape").GetString()!;
        var failure = Check(body, inputShape, "input", string.Empty, errors);
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Checks a response against the operation's output shape, so the emulator cannot drift from AWS either.</summary>
    public void ValidateOutput(string operation, JsonElement body)
    {
        var op = _operations.GetProperty(operation);
        if (!op.TryGetProperty("output", out var output))
        {
            return;
        }

        var failure = Check(body, output.GetProperty("shape").GetString()!, "output", string.Empty, []);
        if (failure is not null)
        {
            throw new InvalidOperationException($"emulator output of {operation} breaks the model: {failure.Type}: {failure.Message}");
        }
    }

    private EmulatedAwsError? Check(JsonElement value, string shapeName, string path, string memberName, HashSet<string> errors)
    {
        var shape = _shapes.GetProperty(shapeName);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return Serialization(path, "object");
                }

                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    if (!members.TryGetProperty(property.Name, out _))
                    {
                        return new EmulatedAwsError("ValidationException", $"Unknown member {property.Name} at {path}.");
                    }
                }

                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        if (!value.TryGetProperty(name, out var present) || present.ValueKind == JsonValueKind.Null)
                        {
                            var memberShape = members.GetProperty(name).GetProperty("shape").GetString()!;
                            return Named(errors, "Required", name, memberShape)
                                ?? new EmulatedAwsError("ValidationException", $"1 validation error detected: Value null at '{path}.{name}' failed to satisfy constraint: Member must not be null");
                        }
                    }
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    var memberShape = members.GetProperty(property.Name).GetProperty("shape").GetString()!;
                    var failure = Check(property.Value, memberShape, $"{path}.{property.Name}", property.Name, errors);
                    if (failure is not null)
                    {
                        return failure;
                    }
                }

                return null;
            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return Serialization(path, "array");
                }

                var count = value.GetArrayLength();
                if (Violates(shape, count))
                {
                    return Constraint(errors, memberName, shapeName, path, $"list length {count}");
                }

                var itemShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var failure = Check(item, itemShape, $"{path}[{index++}]", memberName, errors);
                    if (failure is not null)
                    {
                        return failure;
                    }
                }

                return null;
            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return Serialization(path, "object");
                }

                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var entry in value.EnumerateObject())
                {
                    var failure = Check(entry.Value, valueShape, $"{path}.{entry.Name}", memberName, errors);
                    if (failure is not null)
                    {
                        return failure;
                    }
                }

                return null;
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    return Serialization(path, "string");
                }

                var text = value.GetString()!;
                if (Violates(shape, text.Length))
                {
                    return Constraint(errors, memberName, shapeName, path, $"length {text.Length}");
                }

                if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == text))
                {
                    return Constraint(errors, memberName, shapeName, path, $"'{text}' is not one of the enum values");
                }

                // AWS validates the whole value against the model's pattern (botocore patterns are written unanchored).
                if (shape.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, $"^(?:{pattern.GetString()!})$", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    return Constraint(errors, memberName, shapeName, path, $"'{text}' does not match {pattern.GetString()}");
                }

                return null;
            case "blob":
                if (value.ValueKind != JsonValueKind.String)
                {
                    return Serialization(path, "base64 string");
                }

                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(value.GetString()!);
                }
                catch (FormatException)
                {
                    return Serialization(path, "base64 string");
                }

                return Violates(shape, bytes.Length) ? Constraint(errors, memberName, shapeName, path, $"size {bytes.Length}") : null;
            case "boolean":
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : Serialization(path, "boolean");
            case "integer" or "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
                {
                    return Serialization(path, "integer");
                }

                return Violates(shape, number) ? Constraint(errors, memberName, shapeName, path, $"value {number}") : null;
            case "timestamp":
                // rest-json members with timestampFormat iso8601 travel as strings; everything else as epoch seconds.
                return value.ValueKind == JsonValueKind.Number
                    || (value.ValueKind == JsonValueKind.String && shape.TryGetProperty("timestampFormat", out var format) && format.GetString() == "iso8601" && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    ? null
                    : Serialization(path, "timestamp (epoch seconds)");
            default:
                return null;
        }
    }

    private static bool Violates(JsonElement shape, long size) =>
        (shape.TryGetProperty("min", out var min) && size < min.GetInt64())
        || (shape.TryGetProperty("max", out var max) && size > max.GetInt64());

    private static EmulatedAwsError Serialization(string path, string expected) =>
        new("SerializationException", $"Expected {expected} at {path}.");

    private static EmulatedAwsError Constraint(HashSet<string> errors, string member, string shape, string path, string what) =>
        Named(errors, "Invalid", member, shape, prefix: true)
        ?? new EmulatedAwsError("ValidationException", string.Create(CultureInfo.InvariantCulture, $"1 validation error detected: Value at '{path}' failed to satisfy constraint: {what}"));

    // The model names member-specific errors after the member or its shape: repositoryName -> RepositoryNameRequiredException, filePath (shape Path) -> PathRequiredException.
    private static EmulatedAwsError? Named(HashSet<string> errors, string word, string member, string shape, bool prefix = false)
    {
        foreach (var name in new[] { Upper(member), shape })
        {
            if (name.Length == 0)
            {
                continue;
            }

            var candidate = prefix ? $"{word}{name}Exception" : $"{name}{word}Exception";
            if (errors.Contains(candidate))
            {
                return new EmulatedAwsError(candidate, $"{candidate.Replace("Exception", string.Empty, StringComparison.Ordinal)}: {member}");
            }
        }

        return null;
    }

    private static string Upper(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
