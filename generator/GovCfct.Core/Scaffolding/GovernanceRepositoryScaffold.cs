using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Scaffolding;

/// <summary>
/// What a new governance repository is named and governs; every value lands in organization.yaml. With
/// <paramref name="Organization"/> (a snapshot of the live organization) the definition describes that organization:
/// its OU tree, its management account, and the org lock beside organization.yaml.
/// </summary>
public sealed record ScaffoldOptions(
    string Name,
    string ResourcePrefix,
    string HomeRegion,
    ImmutableArray<string> GovernedRegions,
    string BreakGlassRoleName,
    string ToolVersion,
    OrgSnapshot? Organization = null)
{
    /// <summary>The folder (relative to the repository) nuget.config names as the agency's feed when none is given.</summary>
    public const string DefaultToolSource = "tool-feed";

    /// <summary>
    /// The agency's NuGet feed (URL) or folder (relative to the repository, or absolute) that holds the GovCfct package:
    /// nuget.config maps the GovCfct package to it alone.
    /// </summary>
    public string ToolSource { get; init; } = DefaultToolSource;
}

/// <summary>The files of a new governance repository, by path relative to its root, in ordinal order.</summary>
public sealed record ScaffoldResult(ImmutableSortedDictionary<string, byte[]> Files);

/// <summary>
/// Writes a governance repository: the definition (organization.yaml, ous/, the schemas for editors), an empty
/// <c>templates/</c> for the organization's own controls, the buildspec, the tool manifest pinning this GovCfct,
/// .gitignore and a README; given a snapshot, also <c>org-lock.yaml</c> (the lock <c>govcfct org lock</c> writes) and
/// OU files that mirror the organization instead of the starter OUs. The definition is loaded by the one definition loader before anything is written, and
/// nothing is written when a file would be replaced: a half-initialized repository never exists.
/// </summary>
public static class GovernanceRepositoryScaffold
{
    private const string ResourcePrefix = "GovCfct.Scaffold/";

    /// <summary>
    /// The repository's files; the definition schemas are generated from <paramref name="catalog"/> (the catalog the tool
    /// carries), so editors complete its control ids and parameters from the first day.
    /// </summary>
    public static ScaffoldResult Render(ScaffoldOptions options, ControlCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        var assembly = typeof(GovernanceRepositoryScaffold).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var target = TargetPath(resource[ResourcePrefix.Length..]);
            if (options.Organization is not null && target.StartsWith("manifest/ous/", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = Substitute(reader.ReadToEnd(), options);
            if (options.Organization is { } organization && target == "manifest/organization.yaml")
            {
                text += ManagementAccount(organization);
            }

            files[target] = Encoding.UTF8.GetBytes(text);
        }

        if (options.Organization is { } snapshot)
        {
            files[$"manifest/{OrgLock.FileName}"] = Encoding.UTF8.GetBytes(OrgLockWriter.Write(snapshot));
            foreach (var (path, text) in OuFiles(snapshot))
            {
                files[path] = Encoding.UTF8.GetBytes(text);
            }
        }

        foreach (var (name, bytes) in DefinitionSchemaGenerator.Generate(catalog))
        {
            files[$"manifest/schema/{name}"] = bytes;
        }

        return new ScaffoldResult(files.ToImmutable());
    }

    /// <summary>
    /// Writes <paramref name="scaffold"/> under <paramref name="root"/> after loading its definition; returns false
    /// (with diagnostics, nothing written) when a file exists already or the definition would not load.
    /// </summary>
    public static bool Write(ScaffoldResult scaffold, string root, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var existing = scaffold.Files.Keys.Where(path => File.Exists(Path.Combine(root, path)) || Directory.Exists(Path.Combine(root, path))).ToList();
        foreach (var path in existing)
        {
            diagnostics.Report(DiagnosticCodes.ScaffoldFileExists, $"'{path}' exists already; init writes into a new or empty repository", new SourceLocation(path), "run init in an empty folder, or move the file away");
        }

        if (existing.Count > 0)
        {
            return false;
        }

        var staging = Directory.CreateTempSubdirectory("govcfct-init-");
        try
        {
            foreach (var (path, bytes) in scaffold.Files)
            {
                var file = Path.Combine(staging.FullName, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, bytes);
            }

            // The one definition loader judges the scaffold, so a bad --prefix or region is its diagnostic, not ours.
            var check = new DiagnosticBag();
            new DefinitionLoader().Load(Path.Combine(staging.FullName, "manifest"), check);
            if (check.HasErrors)
            {
                // The loader names a file of the staging folder, which is deleted: name the file init would have written
                // and the option it came from, not a path that does not exist.
                diagnostics.AddRange(check.Items.Where(d => d.IsError).Select(d =>
                {
                    var option = OptionOf(Path.Combine(staging.FullName, "manifest"), d.Location);
                    return d with
                    {
                        Message = $"{(option is null ? string.Empty : option + ": ")}{d.Message} (in {Written(d.Location)} as init would write it; nothing was written)",
                        Location = null,
                        Hint = $"{d.Hint ?? "correct the value"}, and run init again{(option is null ? string.Empty : " with another " + option)}",
                    };
                }));
                return false;
            }

            Directory.CreateDirectory(root);
            foreach (var path in scaffold.Files.Keys)
            {
                var target = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(staging.FullName, path), target);
            }

            return true;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    /// <summary>The init option that wrote the staged line a loader diagnostic points at (by the line's key); null when none did.</summary>
    private static string? OptionOf(string manifest, SourceLocation? location)
    {
        if (location is not { Line: > 0 } || location.File.Replace('\\', '/') != "organization.yaml")
        {
            return null;
        }

        var lines = File.ReadAllLines(Path.Combine(manifest, "organization.yaml"));
        if (location.Line > lines.Length)
        {
            return null;
        }

        var line = lines[location.Line - 1].TrimStart();
        return line switch
        {
            _ when line.StartsWith("name:", StringComparison.Ordinal) => "--name",
            _ when line.StartsWith("home_region:", StringComparison.Ordinal) => "--home-region",
            _ when line.StartsWith("governed_regions:", StringComparison.Ordinal) || (line.StartsWith("- ", StringComparison.Ordinal) && lines.Take(location.Line).LastOrDefault(l => !l.TrimStart().StartsWith('-'))?.Trim() == "governed_regions:") => "--region",
            _ when line.StartsWith("resource_prefix:", StringComparison.Ordinal) => "--prefix",
            _ when line.StartsWith("BreakGlassRoleName:", StringComparison.Ordinal) => "--break-glass-role",
            _ => null,
        };
    }

    /// <summary>"manifest/organization.yaml, line 11" for a loader location inside the staged manifest folder.</summary>
    private static string Written(SourceLocation? location) => location is null
        ? "the definition"
        : "manifest/" + location.File.Replace('\\', '/') + (location.Line > 0 ? FormattableString.Invariant($", line {location.Line}") : string.Empty);

    // The OU whose starter file carries the baseline controls; a snapshot's top-level OU of this name keeps them.
    private const string BaselineOu = "Workloads";

    // Control Tower's foundational OU of the Audit and Log Archive accounts (its default name).
    private const string SecurityOu = "Security";

    private static readonly string[] BaselineControls =
    [
        "protect-exempt-principals",
        "deny-leave-organization",
        "deny-access-keys",
        "require-iam-user-mfa",
        "rcp-require-secure-transport",
    ];

    /// <summary>
    /// management_account from the snapshot: its id and its name in Organizations, no controls (CfCT reaches it only
    /// through deployment_targets.accounts; the team chooses what to deploy there).
    /// </summary>
    private static string ManagementAccount(OrgSnapshot snapshot)
    {
        var name = snapshot.Accounts.FirstOrDefault(a => a.Id == snapshot.ManagementAccountId)?.Name is { Length: > 0 } known ? known : "management";
        return "\n# The management account, from the organization snapshot init was given. CfCT reaches it only through\n"
            + "# deployment_targets.accounts: assign its stack-set controls here (docs/definition.md, \"Management account\").\n"
            + "management_account:\n"
            + $"  id: \"{snapshot.ManagementAccountId}\"\n"
            + $"  name: {Quote(name)}\n";
    }

    /// <summary>
    /// One file per top-level OU of the snapshot, holding its subtree: the definition governs the OUs that exist, so
    /// CfCT never targets an OU that is not there. Only a top-level Workloads OU receives the starter's baseline controls;
    /// every other OU starts without controls (an SCP on an OU the team has not reviewed could lock its accounts out).
    /// </summary>
    private static IEnumerable<(string Path, string Text)> OuFiles(OrgSnapshot snapshot)
    {
        var children = snapshot.OrganizationalUnits.ToLookup(o => o.ParentId, StringComparer.Ordinal);
        var accounts = snapshot.Accounts.ToLookup(a => a.ParentId, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var top in children[snapshot.RootId].OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var slug = Slug(top.Name);
            var file = slug;
            for (var n = 2; !used.Add(file); n++)
            {
                file = $"{slug}-{n}";
            }

            var text = new StringBuilder();
            text.Append("# yaml-language-server: $schema=../schema/ou.schema.json\n");
            text.Append("# From the organization snapshot init was given. Assign controls with `govcfct controls` as the guide.\n");
            text.Append("parent: Root\n");
            text.Append("ous:\n");
            AppendOu(text, top, children, accounts, "  ");
            yield return ($"manifest/ous/{file}.yaml", text.ToString());
        }
    }

    private static void AppendOu(StringBuilder text, OrgUnit ou, ILookup<string, OrgUnit> children, ILookup<string, OrgAccount> accounts, string indent)
    {
        text.Append(indent).Append("- name: ").Append(Quote(ou.Name)).Append('\n');
        if (ou.Path == BaselineOu)
        {
            text.Append(indent).Append("  controls:\n");
            foreach (var control in BaselineControls)
            {
                text.Append(indent).Append("    - ").Append(control).Append('\n');
            }
        }

        if (ou.Path == SecurityOu && accounts[ou.Id].Any())
        {
            // Control Tower's Security OU starts without controls: state that, so plan counts no gap (GCF3134).
            text.Append(indent).Append("  left_to_control_tower: Control Tower's mandatory controls govern the Audit and Log Archive accounts it created.\n");
        }

        if (children[ou.Id].Any() && !accounts[ou.Id].Any())
        {
            // The snapshot shows accounts only in the children: an SCP a child opts out of loses nothing here (GCF1407).
            text.Append(indent).Append("  holds_accounts: false\n");
        }

        var below = children[ou.Id].OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
        if (below.Count > 0)
        {
            text.Append(indent).Append("  children:\n");
            foreach (var child in below)
            {
                AppendOu(text, child, children, accounts, indent + "    ");
            }
        }
    }

    /// <summary>A file name from an OU name: ASCII letters and digits, other runs as '-'; "ou" when nothing is left.</summary>
    private static string Slug(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().TrimEnd('-');
        return slug.Length == 0 ? "ou" : slug;
    }

    /// <summary>Names may hold spaces, ':' and non-ASCII: always a double-quoted YAML scalar.</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // Embedded names cannot start with a dot; the repository's files do.
    private static string TargetPath(string name) => name switch
    {
        "gitignore" => ".gitignore",
        _ when name.StartsWith("config/", StringComparison.Ordinal) => "." + name,
        _ => name,
    };

    private static string Substitute(string text, ScaffoldOptions options) => text
        .Replace("{{ name }}", options.Name, StringComparison.Ordinal)
        .Replace("{{ prefix }}", options.ResourcePrefix, StringComparison.Ordinal)
        .Replace("{{ home_region }}", options.HomeRegion, StringComparison.Ordinal)
        .Replace("{{ governed_regions }}", string.Join('\n', options.GovernedRegions.Select(r => "    - " + r)), StringComparison.Ordinal)
        .Replace("{{ break_glass_role }}", options.BreakGlassRoleName, StringComparison.Ordinal)
        .Replace("{{ version }}", options.ToolVersion, StringComparison.Ordinal)
        .Replace("{{ tool_source }}", System.Security.SecurityElement.Escape(options.ToolSource), StringComparison.Ordinal);

    /// <summary>
    /// What to run after init, true for the repository as written: <c>dotnet tool restore</c> finds GovCfct only on the
    /// agency's feed (nuget.config), so when that feed is a folder without the pinned package, putting it there comes first.
    /// </summary>
    public static IReadOnlyList<string> NextSteps(ScaffoldOptions options, string root)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Run = "dotnet tool restore && dotnet govcfct build";
        var package = $"GovCfct.{options.ToolVersion}.nupkg";
        var remote = Uri.TryCreate(options.ToolSource, UriKind.Absolute, out var uri) && !uri.IsFile;
        if (!remote)
        {
            var folder = Path.GetFullPath(Path.Combine(root, options.ToolSource));
            var present = Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.nupkg").Any(f => string.Equals(Path.GetFileName(f), package, StringComparison.OrdinalIgnoreCase));
            if (present)
            {
                return [Run];
            }

            return
            [
                $"put {package} into {options.ToolSource} (the 'agency' feed of nuget.config, the only source of the GovCfct package): dotnet pack generator/GovCfct.Cli -c Release -o {folder} in the GovCfct sources, or dotnet nuget update source agency -s FEED --configfile nuget.config for a feed that holds it",
                Run,
            ];
        }

        return
        [
            $"make sure {options.ToolSource} (the 'agency' feed of nuget.config, the only source of the GovCfct package) holds {package}: dotnet nuget push {package} --source {options.ToolSource}",
            Run,
        ];
    }
}
