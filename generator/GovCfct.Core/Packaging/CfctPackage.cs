using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Packaging;

/// <summary>CfCT's <c>deploy_method</c> values.</summary>
public enum DeployMethod
{
    StackSet,
    Scp,
    Rcp,
}

/// <summary>One <c>parameters[]</c> entry of a manifest resource. Values are always strings (quoted in YAML).</summary>
public sealed record ManifestParameter(string Key, string Value);

/// <summary>One <c>export_outputs[]</c> entry.</summary>
public sealed record ExportOutput(string Name, string Value);

/// <summary>
/// One <c>resources[]</c> entry of a CfCT v2 manifest. <see cref="Location"/> is set when read from a file;
/// <see cref="ControlIds"/> records which catalog controls produced it (empty for hand-written packages).
/// </summary>
public sealed record ManifestResource(
    string Name,
    string? Description,
    string ResourceFile,
    DeployMethod DeployMethod,
    ImmutableArray<ManifestParameter> Parameters,
    string? ParameterFile,
    ImmutableArray<string> OrganizationalUnits,
    ImmutableArray<string> Accounts,
    ImmutableArray<string> Regions,
    ImmutableArray<ExportOutput> ExportOutputs,
    ImmutableArray<string> ControlIds,
    SourceLocation? Location = null)
{
    /// <summary>The name CfCT gives the stack set (<c>CustomControlTower-</c> prefix) or the policy (as is).</summary>
    public string DeployedName => DeployMethod == DeployMethod.StackSet ? "CustomControlTower-" + Name : Name;
}

/// <summary>The CfCT v2 manifest (<c>version: 2021-03-15</c>).</summary>
public sealed record CfctManifest(string Region, bool? EnableStackSetDeletion, ImmutableArray<ManifestResource> Resources)
{
    public const string Version = "2021-03-15";
}

/// <summary>
/// A complete CfCT package in memory: every file by its relative path (forward slashes), the manifest among
/// them as <c>manifest.yaml</c>. Bytes are final: the writer copies them without change.
/// </summary>
public sealed record CfctPackage(CfctManifest Manifest, ImmutableSortedDictionary<string, byte[]> Files)
{
    public const string ManifestFileName = "manifest.yaml";
}
