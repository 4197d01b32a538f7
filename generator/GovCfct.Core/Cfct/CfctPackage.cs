using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Cfct;

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

    /// <summary>Reads the package folder or zip at <paramref name="path"/> (<see cref="PackageFolder.Read"/>) and parses its manifest.</summary>
    public static CfctPackage? Read(string path, string displayName, DiagnosticBag diagnostics) =>
        PackageFolder.Read(path, displayName, diagnostics) is { } files ? Read(files, diagnostics) : null;

    /// <summary>Parses the manifest of a package read by <see cref="PackageFolder"/> with the validator's strict reader; null with diagnostics when it is unusable.</summary>
    public static CfctPackage? Read(PackageFiles package, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var local = new DiagnosticBag();
        var read = ManifestReader.Read(package, package.Display(ManifestFileName), local);
        diagnostics.AddRange(local.Items);
        if (read.Manifest is null || local.HasErrors)
        {
            // The reader gives no manifest only after an error it reported (missing GCF2000, YAML GCF2001-2003, encoding GCF1028).
            return null;
        }

        return new CfctPackage(read.Manifest, package.Files);
    }
}
