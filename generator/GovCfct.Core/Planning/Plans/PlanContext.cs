using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>
/// What every sub-plan reads: the options, both organizations indexed, the manifest, the intent, the coverage model and
/// every resource's resolved targets. Built once per plan; the sub-plans never change it (each returns its own part).
/// </summary>
internal sealed class PlanContext
{
    public PlanContext(ChangePlanOptions options, DiagnosticBag diagnostics)
    {
        Options = options;
        Diagnostics = diagnostics;
        Org = new OrgIndex(options.Organization);
        PreviousOrg = options.PreviousOrganization is { } previous ? new OrgIndex(previous) : Org;
        Manifest = options.Package.Manifest;
        Intent = (options.Intent ?? ControlIntent.FromPackage(options.Package))?.WithStatementsFrom(ControlIntent.FromPackage(options.Previous));
        PreviousIntent = ControlIntent.FromPackage(options.Previous);
        var controlTower = ControlCoverage.ControlTowerOf(options.Package, id => Org.OuById(id)?.Path);
        Members = ControlCoverage.MemberStackSetsOf(options.Package, Org.RootId, id => Org.OuById(id)?.Path);
        Coverage = new ControlCoverage(Manifest, Intent, controlTower, ExpectedPacks.Read(options.Package), Members);
        _controlTowerAt = controlTower.Select(c => c.OuPath).ToHashSet(StringComparer.Ordinal);
        _controlTowerBelow = controlTower.Where(c => c.Preventive).Select(c => c.OuPath).ToHashSet(StringComparer.Ordinal);
        var resolved = new Dictionary<string, ResolvedTargets>(StringComparer.Ordinal);
        foreach (var resource in Manifest.Resources)
        {
            resolved[resource.Name] = TargetResolver.Resolve(resource, Manifest.Region, Org, diagnostics);
        }

        Resolved = resolved;
    }

    public ChangePlanOptions Options { get; }

    public DiagnosticBag Diagnostics { get; }

    public OrgIndex Org { get; }

    /// <summary>The organization when the previous package was published (the current one when not given).</summary>
    public OrgIndex PreviousOrg { get; }

    public CfctManifest Manifest { get; }

    public ControlIntent? Intent { get; }

    public ControlIntent? PreviousIntent { get; }

    public ControlCoverage Coverage { get; }

    public ImmutableArray<MemberStackSetPlacement> Members { get; }

    /// <summary>Every manifest resource's targets resolved against the organization.</summary>
    public IReadOnlyDictionary<string, ResolvedTargets> Resolved { get; }

    // OU paths where the package enables a Control Tower control, and where it enables a preventive one (which
    // Control Tower applies to the OUs below too): accounts there receive a control without a stack set or policy.
    private readonly HashSet<string> _controlTowerAt;
    private readonly HashSet<string> _controlTowerBelow;

    public bool ReceivesControlTower(string ouPath) =>
        _controlTowerAt.Contains(ouPath) || ControlCoverage.Ancestors(ouPath).Any(_controlTowerBelow.Contains);

    public static IEnumerable<string> UnresolvedNotes(ResolvedTargets resolved) =>
        resolved.UnresolvedOus.Select(u => $"target '{u}' matches no OU in the organization");

    public StackInstance Instance(string accountId, string region, string? reason) =>
        new(accountId, TargetResolver.DisplayName(Org.Account(accountId) ?? PreviousOrg.Account(accountId), accountId), region, reason);

    public Dictionary<string, ManifestResource> PreviousResources(DeployMethod method)
    {
        var result = new Dictionary<string, ManifestResource>(StringComparer.Ordinal);
        if (Options.Previous is { } previous)
        {
            foreach (var resource in previous.Manifest.Resources.Where(r => r.DeployMethod == method || (method != DeployMethod.StackSet && r.DeployMethod != DeployMethod.StackSet)))
            {
                result.TryAdd(resource.Name, resource);
            }
        }

        return result;
    }

    public static string Kind(DeployMethod method) => method == DeployMethod.Rcp ? "rcp" : "scp";

    // ---- files ------------------------------------------------------------------------------------------------

    public byte[] File(CfctPackage package, string path)
    {
        var key = Validation.PackageContext.Normalize(path);
        if (package.Files.TryGetValue(key, out var bytes))
        {
            return bytes;
        }

        if (!Validation.PackageContext.IsRemote(path))
        {
            Diagnostics.Report(DiagnosticCodes.PlanPackageFileMissing, $"'{path}' is named by the manifest but not in the package; compared as empty", new SourceLocation(CfctPackage.ManifestFileName), "build the package again");
        }

        return [];
    }

    /// <summary>Manifest parameters, or the parameter file's ParameterKey/ParameterValue pairs (lists joined by commas as CfCT does).</summary>
    public SortedDictionary<string, string> Parameters(CfctPackage package, ManifestResource resource)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!resource.Parameters.IsDefault)
        {
            foreach (var parameter in resource.Parameters)
            {
                result[parameter.Key] = parameter.Value;
            }
        }

        if (resource.ParameterFile is { } file)
        {
            var bytes = File(package, file);
            try
            {
                using var document = JsonDocument.Parse(bytes);
                foreach (var entry in document.RootElement.EnumerateArray())
                {
                    var key = entry.GetProperty("ParameterKey").GetString() ?? string.Empty;
                    var value = entry.GetProperty("ParameterValue");
                    result[key] = value.ValueKind == JsonValueKind.Array
                        ? string.Join(',', value.EnumerateArray().Select(v => v.ToString()))
                        : value.ToString();
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                result["(" + file + ")"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..12];
            }
        }

        return result;
    }

    public static int LineCount(byte[] bytes) => bytes.Length == 0 ? 0 : Lines(bytes).Length;

    public static string[] Lines(byte[] bytes) => new UTF8Encoding(false).GetString(bytes).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
