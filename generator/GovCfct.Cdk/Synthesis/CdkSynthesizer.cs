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

/// <summary>What the synthesizer needs: where to cache templates (null = no cache) and extra control assemblies.</summary>
public sealed record CdkSynthesizerOptions(string? CacheDirectory, IReadOnlyList<Assembly>? ControlAssemblies = null)
{
    /// <summary>The cache folder relative to the repository root; gitignored (<c>.govcfct-cache/</c>).</summary>
    public const string DefaultCacheFolder = ".govcfct-cache/cdk";
}

/// <summary>
/// Synthesizes every CDK control of a build in one CDK app (one jsii/node process) and returns plain, clean,
/// byte-stable CloudFormation JSON. Templates are cached by a hash of the construct code and its inputs, so a
/// build without CDK changes never touches jsii and node is not started at all.
/// </summary>
public sealed class CdkSynthesizer : ICdkTemplateSource
{
    /// <summary>Bump when the normalization below changes, so stale cache entries are not reused.</summary>
    private const string CacheFormat = "govcfct-cdk-v1";

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

    private string? ReadCache(PendingControl item, DiagnosticBag diagnostics)
    {
        var path = CachePath(item);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (IOException ex)
        {
            diagnostics.Report(DiagnosticCodes.CdkCacheUnavailable, $"CDK cache entry {path} could not be read: {ex.Message}", hint: "delete the cache folder; the next build synthesizes again");
            return null;
        }
    }

    private void WriteCache(PendingControl item, string template, DiagnosticBag diagnostics)
    {
        var path = CachePath(item);
        if (path is null)
        {
            return;
        }

        try
        {
            AtomicFile.WriteText(path, template);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(DiagnosticCodes.CdkCacheUnavailable, $"CDK cache entry {path} could not be written: {ex.Message}", hint: "check the cache folder's permissions");
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
