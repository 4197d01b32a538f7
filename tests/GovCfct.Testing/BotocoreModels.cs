using System.IO.Compression;
using System.Text.Json.Nodes;

namespace GovCfct.Testing;

/// <summary>
/// The botocore service models installed with moto (Python): the independent source for what an AWS response looks
/// like and which errors an operation has. Used to prove that the responses fed to state-machine tests are shaped
/// like the real ones and that Catch/Retry name real errors. A missing botocore fails the test loudly.
/// </summary>
public static class BotocoreModels
{
    private static readonly Lazy<string> DataFolder = new(Locate);
    private static readonly Dictionary<string, JsonObject> Cache = new(StringComparer.Ordinal);

    private static readonly Lazy<HashSet<string>> ThrottlingCodes = new(() =>
    {
        var (exitCode, stdout, stderr) = ExternalTool.Run(
            "python3",
            ["-c", "import botocore.retries.standard as s; print(chr(10).join(s.ThrottledRetryableChecker._THROTTLED_ERROR_CODES))"],
            hint: "botocore comes with moto in the machine's pyenv.");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"botocore is required by this test (it comes with moto): {stderr}");
        }

        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    });

    /// <summary>The model of a botocore service (folder name, e.g. <c>sso-admin</c>), newest API version.</summary>
    public static JsonObject Model(string service)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(service, out var model))
            {
                var versions = Directory.GetDirectories(Path.Combine(DataFolder.Value, service)).Order(StringComparer.Ordinal).ToList();
                var folder = versions[^1];
                var plain = Path.Combine(folder, "service-2.json");
                var text = File.Exists(plain)
                    ? File.ReadAllText(plain)
                    : new StreamReader(new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress)).ReadToEnd();
                model = JsonNode.Parse(text)!.AsObject();
                Cache[service] = model;
            }

            return model;
        }
    }

    /// <summary>Members of <paramref name="response"/> that the operation's output shape does not have (empty when it conforms).</summary>
    public static IReadOnlyList<string> ResponseProblems(string service, string operation, JsonNode? response)
    {
        var model = Model(service);
        var output = model["operations"]?[operation]?["output"]?["shape"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"{service} has no operation {operation} with an output");
        var problems = new List<string>();
        Check(model["shapes"]!.AsObject(), output, response, $"{service}.{operation}", problems);
        return problems;
    }

    /// <summary>Whether the operation declares the error shape (e.g. <c>ConflictException</c>) in the model.</summary>
    public static bool HasError(string service, string operation, string error) =>
        Model(service)["operations"]?[operation]?["errors"]?.AsArray().Any(e => e!["shape"]!.GetValue<string>() == error) == true;

    /// <summary>
    /// The error codes botocore's standard retry mode treats as throttling (ThrottlingException, TooManyRequestsException,
    /// ...): common errors that a service model does not list per operation.
    /// </summary>
    public static IReadOnlySet<string> ThrottlingErrorCodes() => ThrottlingCodes.Value;

    private static void Check(JsonObject shapes, string shapeName, JsonNode? value, string path, List<string> problems)
    {
        var shape = shapes[shapeName]!.AsObject();
        switch (shape["type"]!.GetValue<string>())
        {
            case "structure":
                if (value is not JsonObject obj)
                {
                    problems.Add($"{path}: expected an object");
                    return;
                }

                var members = shape["members"]!.AsObject();
                foreach (var (key, member) in obj)
                {
                    if (members[key] is not JsonObject definition)
                    {
                        problems.Add($"{path}.{key}: not a member of {shapeName}");
                        continue;
                    }

                    Check(shapes, definition["shape"]!.GetValue<string>(), member, $"{path}.{key}", problems);
                }

                foreach (var required in shape["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
                {
                    if (!obj.ContainsKey(required))
                    {
                        problems.Add($"{path}.{required}: required by {shapeName} but absent");
                    }
                }

                break;
            case "list":
                if (value is not JsonArray array)
                {
                    problems.Add($"{path}: expected a list");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Check(shapes, shape["member"]!["shape"]!.GetValue<string>(), array[i], $"{path}[{i}]", problems);
                }

                break;
            case "string":
                if (value is not JsonValue text || !text.TryGetValue<string>(out var s))
                {
                    problems.Add($"{path}: expected a string");
                }
                else if (shape["enum"] is JsonArray values && !values.Any(v => v!.GetValue<string>() == s))
                {
                    problems.Add($"{path}: '{s}' is not one of {shapeName}'s values");
                }

                break;
            case "integer" or "long" or "double" or "float":
                if (value is not JsonValue number || !number.TryGetValue<double>(out _))
                {
                    problems.Add($"{path}: expected a number");
                }

                break;
            case "boolean":
                if (value is not JsonValue flag || !flag.TryGetValue<bool>(out _))
                {
                    problems.Add($"{path}: expected a boolean");
                }

                break;
            default:
                break;
        }
    }

    private static string Locate()
    {
        var (exitCode, stdout, stderr) = ExternalTool.Run(
            "python3",
            ["-c", "import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data'))"],
            hint: "botocore comes with moto in the machine's pyenv.");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"botocore is required by this test (it comes with moto): {stderr}");
        }

        return stdout.Trim();
    }
}
