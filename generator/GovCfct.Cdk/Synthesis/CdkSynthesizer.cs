using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using GovCfct.Cdk.Controls;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.IO;
using GovCfct.Core.Rendering;

namespace GovCfct.Cdk.Synthesis;

/// <summary>
/// What the synthesizer needs: where to cache templates (null = no cache on disk) and extra control assemblies. A cache
/// entry is used only when its HMAC verifies under the key in <see cref="KeyFile"/>, a per-user secret outside any
/// repository: a template file planted in the cache (a committed one, or one a build left behind) is never trusted.
/// </summary>
public sealed record CdkSynthesizerOptions(string? CacheDirectory, IReadOnlyList<Assembly>? ControlAssemblies = null)
{
    /// <summary>Names an explicit cache folder; otherwise <see cref="UserCacheRoot"/>/cdk.</summary>
    public const string CacheDirectoryVariable = "GOVCFCT_CACHE_DIR";

    /// <summary>
    /// The file holding the cache's HMAC key (32 random bytes, created on first use, readable by its owner only); default
    /// <c>cache.key</c> in <see cref="UserCacheRoot"/>, which is never inside the working folder.
    /// </summary>
    public string? KeyFile { get; init; } = DefaultKeyFile();

    /// <summary>
    /// Keep synthesized templates in memory for the life of the process too (they were made by this process, so they
    /// need no verification); the production pipeline does, so one process synthesizes each template once.
    /// </summary>
    public bool MemoryCache { get; init; }

    /// <summary>
    /// The production options: no disk cache at all under CI (<c>CI=true</c>, or CodeBuild's <c>CODEBUILD_BUILD_ID</c>),
    /// where the cache folder could come from anywhere; otherwise <paramref name="explicitFolder"/>, then
    /// <c>$GOVCFCT_CACHE_DIR</c>, then the user's cache folder — never the working folder.
    /// </summary>
    /// <param name="explicitFolder">The folder the caller chose, if any.</param>
    /// <param name="environment">Reads an environment variable (the process environment by default; tests pass their own).</param>
    public static CdkSynthesizerOptions Production(string? explicitFolder = null, Func<string, string?>? environment = null)
    {
        environment ??= System.Environment.GetEnvironmentVariable;
        var root = UserCacheRoot(environment);
        var folder = InCi(environment) ? null
            : explicitFolder ?? NonEmpty(environment(CacheDirectoryVariable)) ?? (root is null ? null : Path.Combine(root, "cdk"));
        return new CdkSynthesizerOptions(folder is null ? null : Path.GetFullPath(folder))
        {
            MemoryCache = true,
            KeyFile = root is null ? null : Path.Combine(root, "cache.key"),
        };
    }

    /// <summary>True under a CI system: <c>CI</c> set to <c>true</c> or <c>1</c>, or inside AWS CodeBuild.</summary>
    public static bool InCi(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment("CI")?.Trim().ToUpperInvariant() is "TRUE" or "1" || NonEmpty(environment("CODEBUILD_BUILD_ID")) is not null;
    }

    /// <summary><c>$XDG_CACHE_HOME/govcfct</c>, else <c>~/.cache/govcfct</c> (the local application data folder on Windows); null without a home.</summary>
    public static string? UserCacheRoot(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (NonEmpty(environment("XDG_CACHE_HOME")) is { } xdg && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "govcfct");
        }

        if (OperatingSystem.IsWindows())
        {
            return NonEmpty(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData)) is { } local ? Path.Combine(local, "govcfct") : null;
        }

        return (NonEmpty(environment("HOME")) ?? NonEmpty(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile))) is { } home
            ? Path.Combine(home, ".cache", "govcfct")
            : null;
    }

    private static string? DefaultKeyFile() => UserCacheRoot(System.Environment.GetEnvironmentVariable) is { } root ? Path.Combine(root, "cache.key") : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>
/// Synthesizes every CDK control of a build in one CDK app (one jsii/node process) and returns plain, clean,
/// byte-stable CloudFormation JSON. Templates are cached by a hash of the construct code and its inputs, so a
/// build without CDK changes never touches jsii and node is not started at all.
/// </summary>
public sealed class CdkSynthesizer : ICdkTemplateSource
{
    /// <summary>Bump when the normalization below changes, so stale cache entries are not reused.</summary>
    private const string CacheFormat = "govcfct-cdk-v2";

    /// <summary>The first line of a cache entry: this marker, a space and the entry's HMAC-SHA256 in hex.</summary>
    private const string EntryMarker = "govcfct-cdk-hmac-sha256 ";

    /// <summary>Templates this process synthesized, by hash (only with <see cref="CdkSynthesizerOptions.MemoryCache"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_memory = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>jsii runs one node process per .NET process and its client is not safe for concurrent apps.</summary>
    private static readonly Lock s_jsiiGate = new();

    private readonly CdkSynthesizerOptions _options;
    private readonly CdkControlRegistry _registry;

    public CdkSynthesizer(CdkSynthesizerOptions options)
    {
        _options = options;
        _registry = new CdkControlRegistry(options.ControlAssemblies);
    }

    /// <summary>How many times this instance ran the CDK (each run uses jsii and so node); 0 means node was not needed.</summary>
    public int EngineRuns { get; private set; }

    /// <summary>
    /// Results are keyed by <see cref="CdkTemplateRequest.KeyOf"/>. Requests that differ only in scalar parameter
    /// values share one synthesized template (scalars are CloudFormation parameters, not part of the template).
    /// </summary>
    public IReadOnlyDictionary<string, string> Synthesize(IReadOnlyList<(ControlDefinition Control, RenderContext Context)> requests, DiagnosticBag diagnostics)
    {
        var results = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var hashOfKey = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pending = new SortedDictionary<string, PendingControl>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (control, context) in requests)
        {
            var key = CdkTemplateRequest.KeyOf(control, context);
            if (reported.Contains(control.Id) || Prepare(control, context, diagnostics) is not { } prepared)
            {
                reported.Add(control.Id);
                continue;
            }

            if (hashOfKey.TryGetValue(key, out var earlier))
            {
                if (earlier != prepared.Hash)
                {
                    diagnostics.Report(DiagnosticCodes.CdkConflictingRequests, $"CDK control '{control.Id}' was requested twice with equal parameter values but different organization settings", control.Location, "build one organization per run");
                }

                continue;
            }

            hashOfKey[key] = prepared.Hash;
            pending.TryAdd(prepared.Hash, prepared);
        }

        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        var misses = new List<PendingControl>();
        foreach (var item in pending.Values)
        {
            if (ReadCache(item, diagnostics) is { } cached)
            {
                templates[item.Hash] = cached;
            }
            else
            {
                misses.Add(item);
            }
        }

        if (misses.Count > 0)
        {
            SortedDictionary<string, string> synthesized;
            lock (s_jsiiGate)
            {
                synthesized = Run(misses, diagnostics);
            }

            foreach (var (hash, template) in synthesized)
            {
                templates[hash] = template;
                WriteCache(pending[hash], template, diagnostics);
            }
        }

        foreach (var (key, hash) in hashOfKey)
        {
            if (templates.TryGetValue(hash, out var template))
            {
                results[key] = template;
            }
        }

        return results;
    }

    private PendingControl? Prepare(ControlDefinition control, RenderContext context, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(control.CdkConstruct))
        {
            diagnostics.Report(DiagnosticCodes.CdkConstructMissing, $"control '{control.Id}' has source: cdk but no cdk_construct", control.Location, "add cdk_construct: <ClassName> naming a CdkControlStack subclass");
            return null;
        }

        if (_registry.Find(control.CdkConstruct, out var problem) is not { } type)
        {
            diagnostics.Report(DiagnosticCodes.CdkConstructNotFound, $"cdk_construct of control '{control.Id}': {problem}", control.Location, "fix the class name in control.yaml or add the class to GovCfct.Cdk (docs/cdk.md)");
            return null;
        }

        // Constructs see list values only: scalars reach the template as CloudFormation parameters, so requests that
        // differ in scalars share one template, one synth and one cache entry.
        var lists = context.Parameters.Where(kv => kv.Value.Kind == ParameterValueKind.List).ToImmutableSortedDictionary(StringComparer.Ordinal);
        var input = new CdkControlInput(control, context with { Parameters = lists });
        return new PendingControl(input, type, Hash(input, type));
    }

    /// <summary>
    /// The cache key: the construct's code (module version ids of its assembly and of GovCfct.Cdk, which change
    /// with any code change under deterministic builds), the CDK version, and everything the construct can see.
    /// </summary>
    private static string Hash(CdkControlInput input, Type type)
    {
        var text = new StringBuilder();
        void Line(string key, string value) => text.Append(key).Append('=').Append(value.Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');

        Line("format", CacheFormat);
        Line("cdk", typeof(App).Assembly.GetName().Version?.ToString() ?? "?");
        Line("synthesizer", typeof(CdkSynthesizer).Assembly.ManifestModule.ModuleVersionId.ToString());
        Line("construct", type.FullName + "@" + type.Assembly.ManifestModule.ModuleVersionId);
        var control = input.Control;
        Line("id", control.Id);
        Line("title", control.Title.En + "|" + control.Title.Ja);
        foreach (var p in control.Parameters)
        {
            Line("param", $"{p.Name}|{p.Type}|{p.Default?.Kind}|{p.Default?.Canonical}|{p.Pattern}|{string.Join(',', p.AllowedValues)}|{p.Description.En}");
        }

        var org = input.Context.Organization;
        Line("org", $"{org.Name}|{org.HomeRegion}|{string.Join(',', org.GovernedRegions)}|{org.ResourcePrefix}");
        foreach (var (name, value) in input.Context.Parameters)
        {
            Line("value", $"{name}|{value.Kind}|{value.Canonical}");
        }

        Line("protected", string.Join(',', input.Context.ProtectedPrincipalArns));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private string? CachePath(PendingControl item) =>
        _options.CacheDirectory is null ? null : Path.Combine(_options.CacheDirectory, $"{item.Input.Control.Id}-{item.Hash[..32]}.template.json");

    /// <summary>
    /// A cached template, or null: from this process's memory, else from the disk only when the entry's HMAC (over the
    /// full hash and the template) verifies under the per-user key. An entry that does not verify was not written by
    /// this user's GovCfct, so it is ignored (GCF5008) and the control is synthesized again.
    /// </summary>
    private string? ReadCache(PendingControl item, DiagnosticBag diagnostics)
    {
        if (_options.MemoryCache && s_memory.TryGetValue(item.Hash, out var remembered))
        {
            return remembered;
        }

        var path = CachePath(item);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(path, Encoding.UTF8);
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            var key = ReadKey(create: false);
            if (key is null || newline < 0 || !text.StartsWith(EntryMarker, StringComparison.Ordinal)
                || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(text.AsSpan(EntryMarker.Length, newline - EntryMarker.Length)), Mac(key, item.Hash, text[(newline + 1)..])))
            {
                diagnostics.Report(DiagnosticCodes.CdkCacheUnavailable, $"CDK cache entry {path} does not verify against this user's cache key; ignored, the control is synthesized again", hint: "nothing, unless you did not expect it: something other than this user's GovCfct wrote the entry");
                return null;
            }

            return text[(newline + 1)..];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            diagnostics.Report(DiagnosticCodes.CdkCacheUnavailable, $"CDK cache entry {path} could not be read: {ex.Message}", hint: "delete the cache folder; the next build synthesizes again");
            return null;
        }
    }

    private void WriteCache(PendingControl item, string template, DiagnosticBag diagnostics)
    {
        if (_options.MemoryCache)
        {
            s_memory.TryAdd(item.Hash, template);
        }

        var path = CachePath(item);
        if (path is null)
        {
            return;
        }

        try
        {
            if (ReadKey(create: true) is not { } key)
            {
                return;
            }

            AtomicFile.WriteText(path, EntryMarker + Convert.ToHexStringLower(Mac(key, item.Hash, template)) + "\n" + template);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(DiagnosticCodes.CdkCacheUnavailable, $"CDK cache entry {path} could not be written: {ex.Message}", hint: "check the cache folder's permissions");
        }
    }

    private static byte[] Mac(byte[] key, string hash, string template) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(CacheFormat + "\n" + hash + "\n" + template));

    /// <summary>The per-user HMAC key: 32 random bytes, created (owner read/write only) when <paramref name="create"/> and missing.</summary>
    private byte[]? ReadKey(bool create)
    {
        if (_options.KeyFile is not { } file)
        {
            return null;
        }

        if (File.Exists(file))
        {
            var bytes = File.ReadAllBytes(file);
            return bytes.Length >= 32 ? bytes : null;
        }

        if (!create)
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(file, options);
            stream.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another build created it first: use that one.
            var bytes = File.ReadAllBytes(file);
            return bytes.Length >= 32 ? bytes : null;
        }
    }

    /// <summary>One CDK app for all cache misses: jsii starts node once per process, so batching keeps it to one.</summary>
    private SortedDictionary<string, string> Run(List<PendingControl> misses, DiagnosticBag diagnostics)
    {
        EngineRuns++;
        // node 20 prints an end-of-life banner on stderr on every start; it is not actionable here.
        if (System.Environment.GetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION") is null)
        {
            System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        }

        var results = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var outdir = Path.Combine(Path.GetTempPath(), "govcfct-cdk-" + Guid.NewGuid().ToString("N"));
        try
        {
            var app = new App(new AppProps
            {
                Outdir = outdir,
                AnalyticsReporting = false,
                Context = new Dictionary<string, object>
                {
                    ["aws:cdk:enable-path-metadata"] = false,
                    ["aws:cdk:enable-asset-metadata"] = false,
                    ["aws:cdk:version-reporting"] = false,
                    ["aws:cdk:disable-stack-trace"] = true,
                },
            });

            var stacks = new List<(PendingControl Item, CdkControlStack Stack)>();
            foreach (var item in misses)
            {
                var control = item.Input.Control;
                try
                {
                    var stack = (CdkControlStack)Activator.CreateInstance(item.Type, app, StackId(item), item.Input)!;
                    stacks.Add((item, stack));
                }
                catch (Exception ex)
                {
                    app.Node.TryRemoveChild(StackId(item));
                    Report(ex is TargetInvocationException { InnerException: { } inner } ? inner : ex, control, diagnostics);
                }
            }

            if (stacks.Count == 0)
            {
                return results;
            }

            Amazon.CDK.CXAPI.CloudAssembly assembly;
            try
            {
                assembly = app.Synth();
            }
            catch (Exception ex)
            {
                foreach (var (item, _) in stacks)
                {
                    Report(ex, item.Input.Control, diagnostics);
                }

                return results;
            }

            foreach (var (item, stack) in stacks)
            {
                var control = item.Input.Control;
                var artifact = assembly.GetStackByName(stack.StackName);
                if (artifact.Assets.Length > 0 || assembly.Artifacts.Any(a => a is Amazon.CDK.CXAPI.AssetManifestArtifact))
                {
                    diagnostics.Report(DiagnosticCodes.CdkAssetNotAllowed, $"construct {item.Type.Name} of control '{control.Id}' introduces file or container assets; CfCT deploys a single template", control.Location, "replace the asset (Lambda code, bucket deployment, Docker image) with inline resources or SDK integrations");
                    continue;
                }

                var raw = File.ReadAllText(Path.Combine(outdir, artifact.TemplateFile), Encoding.UTF8);
                if (Normalize(raw, control, diagnostics) is { } template)
                {
                    results[item.Hash] = template;
                }
            }
        }
        finally
        {
            try
            {
                if (Directory.Exists(outdir))
                {
                    Directory.Delete(outdir, recursive: true);
                }
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the template is already in memory.
            }
        }

        return results;
    }

    /// <summary>The stack's id in the app; never part of the template (top-level logical ids carry no stack name).</summary>
    private static string StackId(PendingControl item) => $"{item.Input.Control.Id}-{item.Hash[..12]}";

    private static void Report(Exception ex, ControlDefinition control, DiagnosticBag diagnostics)
    {
        if (ex is CdkControlException cdk)
        {
            diagnostics.Report(cdk.Code, cdk.Message, control.Location, cdk.Hint);
            return;
        }

        // The bootstrapless synthesizer throws as soon as a construct adds an asset.
        if (ex.Message.Contains("asset", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Report(DiagnosticCodes.CdkAssetNotAllowed, $"control '{control.Id}' introduces an asset: {FirstLine(ex.Message)}", control.Location, "replace the asset (Lambda code, bucket deployment, Docker image) with inline resources or SDK integrations");
            return;
        }

        diagnostics.Report(DiagnosticCodes.CdkSynthesisFailed, $"CDK synthesis of control '{control.Id}' failed: {ex.GetType().Name}: {FirstLine(ex.Message)}", control.Location, "fix the construct; node (v18+) must be on PATH for jsii");
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    /// <summary>
    /// Removes what CDK adds for its own tooling, checks nothing of it is left and that every scalar catalog
    /// parameter is a CloudFormation parameter, and writes stable bytes (2-space JSON, LF, final newline).
    /// </summary>
    internal static string? Normalize(string raw, ControlDefinition control, DiagnosticBag diagnostics)
    {
        var root = JsonNode.Parse(raw)!.AsObject();
        if (root["Resources"] is JsonObject resources)
        {
            resources.Remove("CDKMetadata");
            foreach (var (_, resource) in resources)
            {
                if (resource is JsonObject body && body["Metadata"] is JsonObject metadata)
                {
                    foreach (var key in metadata.Select(kv => kv.Key).Where(k => k.StartsWith("aws:cdk:", StringComparison.Ordinal)).ToList())
                    {
                        metadata.Remove(key);
                    }

                    if (metadata.Count == 0)
                    {
                        body.Remove("Metadata");
                    }
                }

                if (resource is JsonObject withDependencies)
                {
                    DropImpliedDependencies(withDependencies);
                }
            }
        }

        if (root["Conditions"] is JsonObject conditions)
        {
            conditions.Remove("CDKMetadataAvailable");
        }

        var text = root.ToJsonString(s_json) + "\n";
        string[] forbidden = ["AWS::CDK::Metadata", "BootstrapVersion", "CheckBootstrapVersion", "aws:cdk:", "cdk-hnb659fds", "AssetParameters"];
        foreach (var word in forbidden.Where(w => text.Contains(w, StringComparison.Ordinal)))
        {
            diagnostics.Report(DiagnosticCodes.CdkTemplateNotClean, $"synthesized template of control '{control.Id}' still contains '{word}'", control.Location, "do not use constructs that need the CDK bootstrap stack or CDK metadata");
            return null;
        }

        var parameters = root["Parameters"] as JsonObject;
        var ok = true;
        foreach (var parameter in control.Parameters.Where(p => p.Type != ParameterType.List))
        {
            if (parameters is null || !parameters.ContainsKey(parameter.Name))
            {
                diagnostics.Report(DiagnosticCodes.CdkParameterNotExposed, $"control '{control.Id}' declares parameter '{parameter.Name}' but its construct {control.CdkConstruct} does not use it", control.Location, $"call Parameter(\"{parameter.Name}\") in the construct or remove the parameter from control.yaml");
                ok = false;
            }
        }

        return ok ? text : null;
    }

    /// <summary>
    /// CDK adds DependsOn entries that a Ref or GetAtt already implies; cfn-lint flags them (W3005), and they
    /// say nothing, so they are dropped.
    /// </summary>
    private static void DropImpliedDependencies(JsonObject resource)
    {
        if (resource["DependsOn"] is not JsonArray dependsOn || resource["Properties"] is not JsonNode properties)
        {
            return;
        }

        var referenced = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "Ref" && value is JsonValue reference)
                        {
                            referenced.Add(reference.GetValue<string>());
                        }
                        else if (key == "Fn::GetAtt" && value is JsonArray { Count: > 0 } getAtt)
                        {
                            referenced.Add(getAtt[0]!.GetValue<string>());
                        }

                        Walk(value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item);
                    }

                    break;
                default:
                    break;
            }
        }

        Walk(properties);
        foreach (var item in dependsOn.Where(d => referenced.Contains(d!.GetValue<string>())).ToList())
        {
            dependsOn.Remove(item);
        }

        if (dependsOn.Count == 0)
        {
            resource.Remove("DependsOn");
        }
    }

    private sealed record PendingControl(CdkControlInput Input, Type Type, string Hash);
}
