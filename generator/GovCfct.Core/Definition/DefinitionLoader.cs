using System.Collections.Immutable;
using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Definition;

/// <summary>
/// Reads a definition folder (<c>organization.yaml</c> + <c>ous/**/*.yaml</c>) strictly into a
/// <see cref="GovernanceDefinition"/>. Every problem becomes a diagnostic with file(line,col); the result is
/// null when any error was found, so later stages never see a half-valid definition.
/// </summary>
public sealed partial class DefinitionLoader
{
    /// <summary>The organization file at the top of the definition folder.</summary>
    public const string OrganizationFile = "organization.yaml";

    /// <summary>The folder holding one file per OU subtree.</summary>
    public const string OusFolder = "ous";

    /// <summary>Organizations allows five levels of OUs below Root.</summary>
    public const int MaxOuDepth = 5;

    /// <summary>Organizations allows OU names of 1 to 128 characters.</summary>
    public const int MaxOuNameLength = NameRules.MaxOuNameLength;

    private static readonly string[] TopKeys = ["organization", "parameters", "management_account", "accounts", "landing_zone", "limits"];
    private static readonly string[] LandingZoneKeys = ["audit_account", "log_archive_account", "organization_trail_log_group", "max_concurrent_control_operations", "detective_mechanism", "max_control_tower_detective_enablements"];
    private static readonly string[] LandingZoneRequired = ["audit_account", "log_archive_account"];

    /// <summary>CloudFormation's resources per stack: no setting may let a stack hold more.</summary>
    private const int CloudFormationMaxResources = 500;
    private static readonly string[] OrganizationKeys =
        ["name", "home_region", "governed_regions", "resource_prefix", "enable_stack_set_deletion", "scp_limits", "rcp_limits", "protected_principals", "max_ous"];

    private static readonly string[] OrganizationRequired = ["name", "home_region", "resource_prefix"];
    private static readonly string[] LimitKeys = ["max_attached", "reserved", "max_size"];
    private static readonly string[] OuFileKeys = ["parent", "ous"];
    private static readonly string[] OuKeys = ["name", "description", "parameters", "controls", "exemptions", "accounts", "children", "holds_accounts", "left_to_control_tower"];
    private static readonly string[] ControlKeys = ["id", "parameters"];
    private static readonly string[] ExemptionKeys = ["control", "reason"];
    private static readonly string[] AccountKeys = ["id", "name", "email"];
    private static readonly string[] TargetAccountKeys = ["id", "name", "controls"];
    private static readonly string[] NameOnly = ["name"];
    private static readonly string[] IdOnly = ["id"];
    private static readonly string[] IdAndName = ["id", "name"];
    private static readonly string[] ControlOnly = ["control"];

    /// <summary>
    /// Loads the definition in <paramref name="directory"/>; returns null when any error was reported. Files are named
    /// relative to the definition folder, and every location (of a diagnostic, and in the definition) carries the
    /// folder as its <see cref="SourceLocation.Root"/>, so the output can name the file from the current directory.
    /// </summary>
    public GovernanceDefinition? Load(string directory, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var root = Path.GetFullPath(directory.Length == 0 ? "." : directory);
        var local = new DiagnosticBag(diagnostics.WarningsAsErrors);
        var definition = Load(directory, root, local);
        diagnostics.AddRange(local.Items.Select(d => d.Location is { Root: null } location && !Path.IsPathRooted(location.File)
            ? d with { Location = location with { Root = root } }
            : d));
        return definition;
    }

    private static GovernanceDefinition? Load(string directory, string folder, DiagnosticBag diagnostics)
    {
        var errorsBefore = diagnostics.Items.Count(d => d.IsError);
        var organizationPath = Path.Combine(directory, OrganizationFile);
        if (!Directory.Exists(directory) || !File.Exists(organizationPath))
        {
            diagnostics.Report(
                DiagnosticCodes.DefinitionNotFound,
                Directory.Exists(directory)
                    ? $"the definition folder '{directory}' has no {OrganizationFile}"
                    : $"the definition folder '{directory}' does not exist",
                new SourceLocation(OrganizationFile),
                "point --definition at a folder holding organization.yaml and ous/");
            return null;
        }

        // The lock (at the largest organizations tens of thousands of account ids) is read on another thread while the
        // OU files are; its diagnostics follow theirs, as when it was read after them.
        var lockPath = Path.Combine(directory, OrgLock.FileName);
        var lockDiagnostics = new DiagnosticBag(diagnostics.WarningsAsErrors);
        var lockRead = File.Exists(lockPath) ? Task.Run(() => new OrgLockReader(lockDiagnostics) { Root = folder }.Read(lockPath, OrgLock.FileName)) : null;

        var session = new LoadSession(diagnostics, folder);
        var organization = session.ReadOrganization(organizationPath);
        var files = session.ReadOuFiles(directory, organization?.Settings.MaxOus ?? GovernanceSettings.DefaultMaxOus);
        var root = session.AssembleTree(files);
        var orgLock = lockRead?.GetAwaiter().GetResult();
        diagnostics.AddRange(lockDiagnostics.Items);

        if (root.Children.IsEmpty && diagnostics.Items.Count(d => d.IsError) == errorsBefore)
        {
            // An empty tree builds an empty manifest, and publishing that deletes every stack instance CfCT manages.
            diagnostics.Report(
                DiagnosticCodes.NoOus,
                Directory.Exists(Path.Combine(directory, OusFolder))
                    ? $"the definition defines no OU: {OusFolder}/ holds no *.yaml file with an OU"
                    : $"the definition has no {OusFolder}/ folder, so it defines no OU",
                new SourceLocation(OrganizationFile),
                $"add {OusFolder}/<name>.yaml files with 'parent: Root' and 'ous:' (see docs/definition.md)");
        }

        if (diagnostics.Items.Count(d => d.IsError) > errorsBefore || organization is null)
        {
            return null;
        }

        var definition = new GovernanceDefinition(organization.Value.Settings, organization.Value.Parameters, root, directory)
        {
            TargetAccounts = organization.Value.Accounts,
            LandingZone = organization.Value.LandingZone,
            Lock = orgLock,
            Limits = organization.Value.Limits,
        };

        // An OU said to hold no accounts must not hold any in the lock either (the snapshot is checked where one is given).
        if (orgLock is not null)
        {
            foreach (var ou in definition.AllOus().Where(o => o.HoldsNoAccounts))
            {
                if (orgLock.Ous.TryGetValue(ou.Path, out var locked) && locked.HoldsAccounts)
                {
                    var first = locked.Accounts.IsDefaultOrEmpty ? string.Empty : $" ({string.Join(", ", locked.Accounts.Take(3))})";
                    diagnostics.Report(DiagnosticCodes.OuHoldsAccountsContradicted, $"OU '{ou.Path}' says 'holds_accounts: false' but {OrgLock.FileName} has accounts directly in it{first}", ou.HoldsAccountsLocation ?? ou.Location, "move those accounts into a child OU and run 'govcfct org lock' again, or remove 'holds_accounts: false'");
                }
            }
        }

        // Account and organization ids the landing zone and the lock already state: derived, never contradicted.
        definition = LandingZoneParameters.Apply(definition, diagnostics);
        return diagnostics.Items.Count(d => d.IsError) > errorsBefore ? null : definition;
    }

    /// <summary>One OU as parsed, before its absolute path is known.</summary>
    private sealed class OuDraft
    {
        public required string Name { get; init; }

        public required SourceLocation Location { get; init; }

        public required ImmutableArray<ControlAssignment> Controls { get; init; }

        public required ImmutableArray<ControlExemption> Exemptions { get; init; }

        public required ImmutableSortedDictionary<string, ParameterValue> Parameters { get; init; }

        public required ImmutableArray<AccountRef> Accounts { get; init; }

        public required List<OuDraft> Declared { get; init; }

        public bool HoldsNoAccounts { get; init; }

        public SourceLocation? HoldsAccountsLocation { get; init; }

        public string? LeftToControlTower { get; init; }

        public List<OuDraft> Attached { get; } = [];

        public string Path { get; set; } = string.Empty;

        public int Depth { get; set; }
    }

    /// <summary>One OU file as parsed: where it hangs and the OUs it declares.</summary>
    private sealed record OuFile(string DisplayPath, string Parent, SourceLocation ParentLocation, List<OuDraft> Ous)
    {
        public int ParentDepth => Parent == OuNode.RootName ? 0 : Parent.Count(c => c == ':') + 1;
    }

    /// <summary>State of one Load call: the diagnostics and the definition-wide account index.</summary>
    private sealed class LoadSession
    {
        private readonly DiagnosticBag _diagnostics;
        private readonly Dictionary<string, SourceLocation> _accounts = new(StringComparer.Ordinal);
        private int _unreadableFiles;

        private readonly string _root;

        public LoadSession(DiagnosticBag diagnostics, string root)
        {
            _diagnostics = diagnostics;
            _root = root;
        }

        public (GovernanceSettings Settings, ImmutableSortedDictionary<string, ParameterValue> Parameters, ImmutableArray<TargetAccount> Accounts, LandingZone? LandingZone, OrganizationLimits Limits)? ReadOrganization(string fullPath)
        {
            var reader = new YamlFileReader(OrganizationFile, _diagnostics) { Root = _root };
            var top = reader.ReadTopMapping(fullPath);
            if (top is null)
            {
                return null;
            }

            var members = reader.Read(top, "organization.yaml", TopKeys, ["organization"]);
            var parameters = members.Node("parameters") is { } parametersNode
                ? ReadParameters(reader, parametersNode, "the organization's parameters")
                : ImmutableSortedDictionary.Create<string, ParameterValue>(StringComparer.Ordinal);
            var accounts = ReadTargetAccounts(reader, members);
            var landingZone = members.Node("landing_zone") is { } landingNode ? ReadLandingZone(reader, landingNode, accounts) : null;
            var limits = members.Node("limits") is { } limitsNode ? ReadOrganizationLimits(reader, limitsNode) : OrganizationLimits.Default;

            if (members.Node("organization") is not { } organizationNode || reader.ExpectMapping(organizationNode, "'organization'") is not { } organization)
            {
                return null;
            }

            var fields = reader.Read(organization, "'organization'", OrganizationKeys, OrganizationRequired);
            var name = NonEmpty(reader, fields, "name", "'organization'");
            var homeRegion = fields.String("home_region");
            if (homeRegion is not null && !AwsRegions.IsKnown(homeRegion))
            {
                UnknownRegion(reader, fields.Node("home_region")!, homeRegion);
            }

            var governed = ReadGovernedRegions(reader, fields);
            if (homeRegion is not null && AwsRegions.IsKnown(homeRegion) && !governed.Contains(homeRegion, StringComparer.Ordinal))
            {
                _diagnostics.Report(
                    DiagnosticCodes.HomeRegionNotGoverned,
                    $"the home region '{homeRegion}' is not in governed_regions ({string.Join(", ", governed)})",
                    reader.At(fields.Node("home_region")!),
                    "add the home region to governed_regions: Control Tower always governs it");
            }

            var prefix = fields.String("resource_prefix");
            if (prefix is not null && !NameRules.IsResourcePrefix(prefix))
            {
                _diagnostics.Report(
                    DiagnosticCodes.InvalidResourcePrefix,
                    $"resource_prefix '{prefix}' cannot start a CfCT resource name",
                    reader.At(fields.Node("resource_prefix")!),
                    "use 1-20 letters, digits or '-', starting with a letter and not ending with '-' (e.g. gc)");
            }

            var deletion = fields.Bool("enable_stack_set_deletion") ?? false;
            var maxOus = fields.Int("max_ous") ?? GovernanceSettings.DefaultMaxOus;
            if (maxOus < 1)
            {
                _diagnostics.Report(DiagnosticCodes.InvalidPolicyLimits, $"max_ous {maxOus} must be at least 1", reader.At(fields.Node("max_ous")!), $"leave it out (default {GovernanceSettings.DefaultMaxOus}) or set the quota AWS granted");
                maxOus = GovernanceSettings.DefaultMaxOus;
            }

            var scp = ReadLimits(reader, fields.Node("scp_limits"), "'scp_limits'", PolicyLimits.DefaultScp);
            var rcp = ReadLimits(reader, fields.Node("rcp_limits"), "'rcp_limits'", PolicyLimits.DefaultRcp);
            var principals = fields.StringList("protected_principals") is { } list
                ? new PlatformPrincipals([.. list.Select(item => item.Value)])
                : PlatformPrincipals.Default;

            var settings = new GovernanceSettings
            {
                Name = name ?? string.Empty,
                HomeRegion = homeRegion ?? string.Empty,
                GovernedRegions = [.. governed],
                ResourcePrefix = prefix ?? string.Empty,
                ScpLimits = scp,
                RcpLimits = rcp,
                EnableStackSetDeletion = deletion,
                Principals = principals,
                Location = reader.At(organization),
                MaxOus = maxOus,
            };
            return (settings, parameters, accounts, landingZone, limits);
        }

        /// <summary>
        /// Reads <c>landing_zone</c>: the audit and log-archive account ids, the organization trail's log group and the
        /// control-operation concurrency. The management account is <c>management_account</c>, which it requires.
        /// </summary>
        private LandingZone? ReadLandingZone(YamlFileReader reader, YamlNode node, ImmutableArray<TargetAccount> accounts)
        {
            if (reader.ExpectMapping(node, "'landing_zone'") is not { } mapping)
            {
                return null;
            }

            var fields = reader.Read(mapping, "'landing_zone'", LandingZoneKeys, LandingZoneRequired);
            var audit = fields.Node("audit_account") is { } auditNode ? CheckAccountId(reader, auditNode) : null;
            var logArchive = fields.Node("log_archive_account") is { } logNode ? CheckAccountId(reader, logNode) : null;
            var logGroup = NonEmpty(reader, fields, "organization_trail_log_group", "'landing_zone'") ?? LandingZone.DefaultTrailLogGroup;
            var concurrency = fields.Int("max_concurrent_control_operations") ?? LandingZone.DefaultMaxConcurrentControlOperations;
            if (concurrency is < 1 or > LandingZone.MaxControlOperations)
            {
                _diagnostics.Report(
                    DiagnosticCodes.InvalidLandingZone,
                    $"max_concurrent_control_operations is {concurrency}; Control Tower runs at most {LandingZone.MaxControlOperations} control operations at once",
                    reader.At(fields.Node("max_concurrent_control_operations")!),
                    $"use 1 to {LandingZone.MaxControlOperations} (default {LandingZone.DefaultMaxConcurrentControlOperations}, leaving room for console operations)");
            }

            var mechanism = DetectiveMechanism.Auto;
            if (NonEmpty(reader, fields, "detective_mechanism", "'landing_zone'") is { } mechanismText)
            {
                switch (mechanismText)
                {
                    case "auto": mechanism = DetectiveMechanism.Auto; break;
                    case "organization": mechanism = DetectiveMechanism.Organization; break;
                    case "control_tower": mechanism = DetectiveMechanism.ControlTower; break;
                    default:
                        _diagnostics.Report(
                            DiagnosticCodes.InvalidLandingZone,
                            $"detective_mechanism is '{mechanismText}'",
                            reader.At(fields.Node("detective_mechanism")!),
                            "write auto (the build chooses), organization (AWS Config organization conformance packs) or control_tower (one Control Tower enablement per control and OU)");
                        break;
                }
            }

            var maxEnablements = fields.Int("max_control_tower_detective_enablements") ?? LandingZone.DefaultMaxControlTowerDetectiveEnablements;
            if (maxEnablements is < 0 or > CloudFormationMaxResources)
            {
                _diagnostics.Report(
                    DiagnosticCodes.InvalidLandingZone,
                    $"max_control_tower_detective_enablements is {maxEnablements}",
                    reader.At(fields.Node("max_control_tower_detective_enablements")!),
                    $"use 0 to {CloudFormationMaxResources} (CloudFormation's resources per stack); default {LandingZone.DefaultMaxControlTowerDetectiveEnablements}");
            }

            var management = accounts.FirstOrDefault(a => a.IsManagement);
            if (management is null)
            {
                _diagnostics.Report(
                    DiagnosticCodes.InvalidLandingZone,
                    "landing_zone needs management_account: Control Tower controls and the organization trail's alarms live there",
                    reader.At(mapping),
                    "add management_account with the management account's id and name");
            }

            foreach (var (id, key) in new[] { (audit, "audit_account"), (logArchive, "log_archive_account") })
            {
                if (id is not null && management is not null && id == management.Id)
                {
                    _diagnostics.Report(
                        DiagnosticCodes.InvalidLandingZone,
                        $"{key} '{id}' is the management account",
                        reader.At(fields.Node(key)!),
                        "Control Tower's audit and log archive are member accounts of the Security OU; give their ids");
                }
            }

            if (audit is not null && audit == logArchive)
            {
                _diagnostics.Report(DiagnosticCodes.InvalidLandingZone, $"audit_account and log_archive_account are both '{audit}'", reader.At(fields.Node("log_archive_account")!), "Control Tower creates two separate accounts; give each its id");
            }

            return audit is null || logArchive is null ? null : new LandingZone(audit, logArchive, logGroup, concurrency, reader.At(mapping))
            {
                DetectiveMechanism = mechanism,
                MaxControlTowerDetectiveEnablements = maxEnablements,
            };
        }

        /// <summary>
        /// Reads <c>management_account</c> (one mapping) and <c>accounts</c> (a list of mappings): accounts that receive
        /// stack-set controls directly. Their ids are checked against each other only, because Audit or Log Archive may
        /// also be listed under the OU that holds them.
        /// </summary>
        private ImmutableArray<TargetAccount> ReadTargetAccounts(YamlFileReader reader, YamlFileReader.Members members)
        {
            var result = ImmutableArray.CreateBuilder<TargetAccount>();
            var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            if (members.Node("management_account") is { } managementNode && reader.ExpectMapping(managementNode, "'management_account'") is { } management)
            {
                AddTargetAccount(reader, management, "'management_account'", isManagement: true, seen, result);
            }

            if (members.Node("accounts") is { } accountsNode && reader.ExpectSequence(accountsNode, "'accounts'") is { } sequence)
            {
                foreach (var item in sequence.Children)
                {
                    if (reader.ExpectMapping(item, "an entry of 'accounts'") is { } mapping)
                    {
                        AddTargetAccount(reader, mapping, "an entry of 'accounts'", isManagement: false, seen, result);
                    }
                }
            }

            return result.ToImmutable();
        }

        private void AddTargetAccount(
            YamlFileReader reader,
            YamlMappingNode mapping,
            string what,
            bool isManagement,
            Dictionary<string, SourceLocation> seen,
            ImmutableArray<TargetAccount>.Builder result)
        {
            var fields = reader.Read(mapping, what, TargetAccountKeys, IdAndName);
            var name = NonEmpty(reader, fields, "name", what);
            var id = fields.Node("id") is { } idNode ? CheckAccountId(reader, idNode) : null;
            var label = id is null ? what : $"account '{id}'";
            var controls = fields.Node("controls") is { } controlsNode ? ReadControls(reader, controlsNode, label) : [];
            if (id is null || name is null)
            {
                return;
            }

            var location = reader.At(fields.Node("id")!);
            if (seen.TryGetValue(id, out var first))
            {
                _diagnostics.Report(
                    DiagnosticCodes.DuplicateAccountId,
                    $"account '{id}' is listed twice; first at {first}",
                    location,
                    "name each account once: under management_account or as one entry of accounts");
                return;
            }

            seen[id] = location;
            result.Add(new TargetAccount(id, name, isManagement, controls, reader.At(mapping)));
        }

        /// <summary>Parses every <c>ous/**/*.yaml</c> in ordinal path order (so diagnostics and sibling order are stable).</summary>
        public List<OuFile> ReadOuFiles(string directory, int maxOus)
        {
            var ousDirectory = Path.Combine(directory, OusFolder);
            var result = new List<OuFile>();
            if (!Directory.Exists(ousDirectory))
            {
                return result;
            }

            var count = 0;
            var paths = Directory.EnumerateFiles(ousDirectory, "*", SearchOption.AllDirectories)
                .Select(full => (Full: full, Display: Path.GetRelativePath(directory, full).Replace('\\', '/')))
                .OrderBy(file => file.Display, StringComparer.Ordinal)
                .ToList();

            // The next few OU files are parsed on other threads while this one is read (a few at most, so a definition
            // past the OU quota still stops reading early); each file's diagnostics join in file order.
            var yamlFiles = paths.Where(file => file.Display.EndsWith(".yaml", StringComparison.Ordinal)).ToList();
            var parses = new Task<ParsedFile>?[yamlFiles.Count];
            var yamlIndex = 0;
            Task<ParsedFile> ParseAhead(int index)
            {
                for (var ahead = index; ahead < Math.Min(parses.Length, index + ParseLookahead); ahead++)
                {
                    var (aheadFull, aheadDisplay) = yamlFiles[ahead];
                    parses[ahead] ??= Task.Run(() => Parse(aheadFull, aheadDisplay, _diagnostics.WarningsAsErrors));
                }

                return parses[index]!;
            }

            foreach (var (_, display) in paths)
            {
                var extension = Path.GetExtension(display);
                if ((extension.Equals(".yml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase)) && extension != ".yaml")
                {
                    // Skipping it would drop its OUs, their SCPs and stack sets from the package without a word: refuse.
                    _diagnostics.Report(
                        DiagnosticCodes.IgnoredFile,
                        $"'{display}' looks like an OU file but only *.yaml (lower case) files under ous/ are read; its OUs would be missing from the package",
                        new SourceLocation(display),
                        "rename it to " + Path.ChangeExtension(Path.GetFileName(display), ".yaml"));
                    continue;
                }

                if (!display.EndsWith(".yaml", StringComparison.Ordinal))
                {
                    continue;
                }

                if (ReadOuFile(ParseAhead(yamlIndex++).GetAwaiter().GetResult()) is { } file)
                {
                    result.Add(file);
                    count += file.Ous.Sum(Count);
                    if (count > maxOus)
                    {
                        // Stop reading: a definition far past the quota would otherwise take gigabytes to load and render.
                        _diagnostics.Report(
                            DiagnosticCodes.OuQuotaExceeded,
                            $"the definition has more than {maxOus} OUs (counted up to this file), the organization's quota of OUs (max_ous; AWS Organizations' default is {GovernanceSettings.DefaultMaxOus}); the remaining files were not read",
                            new SourceLocation(display),
                            "check for generated or duplicated files under ous/; if AWS raised your organization's OU quota, set organization.max_ous to it");

                        // No tree from part of the files: it would add errors about parents in the files not read.
                        return [];
                    }
                }
            }

            return result;
        }

        private static int Count(OuDraft draft) => 1 + draft.Declared.Sum(Count);

        /// <summary>
        /// Hangs every file under its parent in one pass: files sorted by parent depth, because a parent at depth d
        /// can only be declared by a file whose own parent is shallower. Lookups go through one path index.
        /// </summary>
        public OuNode AssembleTree(List<OuFile> files)
        {
            var root = new OuDraft
            {
                Name = OuNode.RootName,
                Location = new SourceLocation(OrganizationFile, 1, 1) { Root = _root },
                Controls = [],
                Exemptions = [],
                Parameters = ImmutableSortedDictionary.Create<string, ParameterValue>(StringComparer.Ordinal),
                Accounts = [],
                Declared = [],
            };
            var index = new Dictionary<string, OuDraft>(StringComparer.Ordinal) { [string.Empty] = root };

            var ordered = files
                .OrderBy(file => file.ParentDepth)
                .ThenBy(file => file.DisplayPath, StringComparer.Ordinal);
            var pending = new List<OuFile>();
            foreach (var file in ordered)
            {
                var parentKey = file.Parent == OuNode.RootName ? string.Empty : file.Parent;
                if (!index.TryGetValue(parentKey, out var parent))
                {
                    pending.Add(file);
                    continue;
                }

                foreach (var ou in file.Ous)
                {
                    Attach(parent, ou, index);
                }
            }

            ReportMissingParents(pending);
            return Freeze(root);
        }

        /// <summary>
        /// Files whose parent was never declared. Absolute parents cannot form a cycle among attached files, so a
        /// cycle shows up here: a file's parent is declared only by pending files (itself included, reading its OUs
        /// as if they stood where their names say) that in turn wait on it. Everything else is an unknown parent.
        /// </summary>
        private void ReportMissingParents(List<OuFile> pending)
        {
            if (pending.Count == 0)
            {
                return;
            }

            var declaredBy = new Dictionary<string, List<(OuFile File, SourceLocation Location)>>(StringComparer.Ordinal);
            foreach (var file in pending)
            {
                foreach (var ou in file.Ous)
                {
                    Declare(declaredBy, file, ou, file.Parent == OuNode.RootName ? ou.Name : $"{file.Parent}:{ou.Name}");
                    Declare(declaredBy, file, ou, ou.Name);
                }
            }

            foreach (var file in pending)
            {
                var cycle = declaredBy.TryGetValue(file.Parent, out var declarers)
                    ? declarers.Find(declarer => Reaches(declarer.File, file, declaredBy))
                    : default;
                if (cycle.File is null && _unreadableFiles > 0)
                {
                    // The parent may be declared in the file that failed to parse; its error is the one to fix.
                    continue;
                }

                if (cycle.File is null)
                {
                    _diagnostics.Report(
                        DiagnosticCodes.UnknownParent,
                        $"parent '{file.Parent}' is not an OU of the definition",
                        file.ParentLocation,
                        "write Root or the full path of an OU declared in another file (e.g. Workloads:Ministries), without 'Root:'");
                }
                else
                {
                    var where = ReferenceEquals(cycle.File, file)
                        ? $"is declared only by this file itself (at {cycle.Location})"
                        : $"is declared only by {cycle.File.DisplayPath} (at {cycle.Location}), whose own parent waits on this file";
                    _diagnostics.Report(
                        DiagnosticCodes.ParentCycle,
                        $"parent '{file.Parent}' {where}: a file cannot hang below its own OUs",
                        file.ParentLocation,
                        "give each file the absolute path of an OU declared elsewhere (Root for top-level OUs) and move OUs to the file of their parent");
                }
            }
        }

        private static void Declare(Dictionary<string, List<(OuFile File, SourceLocation Location)>> declaredBy, OuFile file, OuDraft ou, string path)
        {
            if (!declaredBy.TryGetValue(path, out var list))
            {
                declaredBy[path] = list = [];
            }

            list.Add((file, ou.Location));
            foreach (var child in ou.Declared)
            {
                Declare(declaredBy, file, child, $"{path}:{child.Name}");
            }
        }

        // Whether waiting on parents leads from start back to target (start == target counts).
        private static bool Reaches(OuFile start, OuFile target, Dictionary<string, List<(OuFile File, SourceLocation Location)>> declaredBy)
        {
            var seen = new HashSet<OuFile>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<OuFile>();
            stack.Push(start);
            while (stack.Count > 0)
            {
                var file = stack.Pop();
                if (ReferenceEquals(file, target))
                {
                    return true;
                }

                if (!seen.Add(file) || !declaredBy.TryGetValue(file.Parent, out var next))
                {
                    continue;
                }

                foreach (var declarer in next)
                {
                    stack.Push(declarer.File);
                }
            }

            return false;
        }

        private void Attach(OuDraft parent, OuDraft ou, Dictionary<string, OuDraft> index)
        {
            var path = parent.Depth == 0 ? ou.Name : $"{parent.Path}:{ou.Name}";
            var depth = parent.Depth + 1;
            if (depth > MaxOuDepth)
            {
                _diagnostics.Report(
                    DiagnosticCodes.OuTooDeep,
                    $"OU '{path}' is at depth {depth}; Organizations allows {MaxOuDepth} levels below Root",
                    ou.Location,
                    "flatten the tree: move this OU (and its children) higher up");
                return;
            }

            if (index.TryGetValue(path, out var existing))
            {
                _diagnostics.Report(
                    DiagnosticCodes.DuplicateOuPath,
                    $"OU '{path}' is defined twice; it is also defined at {existing.Location}",
                    ou.Location,
                    "keep one definition of the OU and merge the controls, parameters and accounts into it");
                return;
            }

            ou.Path = path;
            ou.Depth = depth;
            index[path] = ou;
            parent.Attached.Add(ou);
            foreach (var child in ou.Declared)
            {
                Attach(ou, child, index);
            }
        }

        private static OuNode Freeze(OuDraft draft) => new(
            draft.Name,
            draft.Path,
            draft.Controls,
            draft.Exemptions,
            draft.Parameters,
            draft.Accounts,
            [.. draft.Attached.Select(Freeze)],
            draft.Location)
        {
            HoldsNoAccounts = draft.HoldsNoAccounts,
            HoldsAccountsLocation = draft.HoldsAccountsLocation,
            LeftToControlTower = draft.LeftToControlTower,
        };

        private const int ParseLookahead = 3;

        private sealed record ParsedFile(string Display, YamlMappingNode? Top, DiagnosticBag Diagnostics);

        private static ParsedFile Parse(string fullPath, string display, bool warningsAsErrors)
        {
            var diagnostics = new DiagnosticBag(warningsAsErrors);
            var text = StrictUtf8.ReadFile(fullPath, display, diagnostics);
            var top = text is null ? null : StrictYaml.ParseMapping(text, display, YamlFileReader.Codes, diagnostics);
            return new ParsedFile(display, top, diagnostics);
        }

        private OuFile? ReadOuFile(ParsedFile parsed)
        {
            var display = parsed.Display;
            _diagnostics.AddRange(parsed.Diagnostics.Items);
            var reader = new YamlFileReader(display, _diagnostics) { Root = _root };
            var top = parsed.Top;
            if (top is null)
            {
                _unreadableFiles++;
                return null;
            }

            var members = reader.Read(top, "an OU file", OuFileKeys, ["parent", "ous"]);
            var ous = new List<OuDraft>();
            if (members.Node("ous") is { } ousNode && reader.ExpectSequence(ousNode, "'ous'") is { } sequence)
            {
                ous = ReadOuList(reader, sequence);
            }

            var parent = members.String("parent");
            if (parent is null)
            {
                return null;
            }

            var parentNode = members.Node("parent")!;
            if (parent.Length == 0 || parent.Split(':').Any(segment => segment.Length == 0))
            {
                _diagnostics.Report(
                    DiagnosticCodes.UnknownParent,
                    $"parent '{parent}' is not an OU path",
                    reader.At(parentNode),
                    "write Root or a full OU path such as Workloads:Ministries");
                return null;
            }

            return new OuFile(display, parent, reader.At(parentNode), ous);
        }

        private List<OuDraft> ReadOuList(YamlFileReader reader, YamlSequenceNode sequence)
        {
            var result = new List<OuDraft>(sequence.Children.Count);
            foreach (var item in sequence.Children)
            {
                if (reader.ExpectMapping(item, "an OU") is { } mapping && ReadOu(reader, mapping) is { } ou)
                {
                    result.Add(ou);
                }
            }

            return result;
        }

        private OuDraft? ReadOu(YamlFileReader reader, YamlMappingNode mapping)
        {
            var fields = reader.Read(mapping, "an OU", OuKeys, NameOnly);
            var name = fields.String("name");
            var what = name is null ? "an OU" : $"OU '{name}'";
            var validName = name is not null && ValidateOuName(reader, fields.Node("name")!, name);

            _ = fields.String("description");
            var parameters = fields.Node("parameters") is { } parametersNode
                ? ReadParameters(reader, parametersNode, $"the parameters of {what}")
                : ImmutableSortedDictionary.Create<string, ParameterValue>(StringComparer.Ordinal);
            var controls = fields.Node("controls") is { } controlsNode ? ReadControls(reader, controlsNode, what) : [];
            var exemptions = fields.Node("exemptions") is { } exemptionsNode ? ReadExemptions(reader, exemptionsNode, what) : [];
            var accounts = fields.Node("accounts") is { } accountsNode ? ReadAccounts(reader, accountsNode, what) : [];
            var children = fields.Node("children") is { } childrenNode && reader.ExpectSequence(childrenNode, $"'children' of {what}") is { } sequence
                ? ReadOuList(reader, sequence)
                : [];

            // holds_accounts: false answers GCF1407 for this OU; listing accounts in it contradicts the statement.
            var holdsAccounts = fields.Bool("holds_accounts");
            SourceLocation? holdsAccountsLocation = fields.Node("holds_accounts") is { } holdsNode ? reader.At(holdsNode) : null;
            if (holdsAccounts == false && !accounts.IsEmpty)
            {
                _diagnostics.Report(DiagnosticCodes.OuHoldsAccountsContradicted, $"{what} says 'holds_accounts: false' but lists account {accounts[0].Id} directly in it", holdsAccountsLocation, "remove 'holds_accounts: false', or move the accounts to the child OU that holds them");
            }

            var leftToControlTower = fields.String("left_to_control_tower");
            if (leftToControlTower is not null && string.IsNullOrWhiteSpace(leftToControlTower))
            {
                _diagnostics.Report(DiagnosticCodes.LeftToControlTowerWithoutReason, $"'left_to_control_tower' of {what} is blank", reader.At(fields.Node("left_to_control_tower")!), "say why Control Tower alone governs these accounts; reviewers read it in the plan");
                leftToControlTower = null;
            }

            // An OU without a usable name is not attached, so it cannot cause follow-up errors (e.g. a false duplicate).
            if (!validName)
            {
                return null;
            }

            return new OuDraft
            {
                Name = name!,
                Location = reader.At(mapping),
                Controls = controls,
                Exemptions = exemptions,
                Parameters = parameters,
                Accounts = accounts,
                Declared = children,
                HoldsNoAccounts = holdsAccounts == false,
                HoldsAccountsLocation = holdsAccountsLocation,
                LeftToControlTower = leftToControlTower,
            };
        }

        private bool ValidateOuName(YamlFileReader reader, YamlNode node, string name)
        {
            var problem = NameRules.OuNameProblem(name);
            if (problem is not null)
            {
                _diagnostics.Report(DiagnosticCodes.InvalidOuName, $"OU name '{name}' {problem}", reader.At(node), "rename the OU");
            }

            return problem is null;
        }

        private ImmutableSortedDictionary<string, ParameterValue> ReadParameters(YamlFileReader reader, YamlNode node, string what)
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, ParameterValue>(StringComparer.Ordinal);
            if (reader.ExpectMapping(node, what) is not { } mapping)
            {
                return builder.ToImmutable();
            }

            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { } key })
                {
                    reader.WrongType(keyNode, $"a parameter name in {what}", "a plain string");
                    continue;
                }

                if (!NameRules.IsParameterName(key))
                {
                    _diagnostics.Report(
                        DiagnosticCodes.InvalidParameterName,
                        $"parameter name '{key}' is not a CloudFormation parameter name",
                        reader.At(keyNode),
                        "use letters and digits only, starting with a letter (e.g. NotificationEmail)");
                    continue;
                }

                if (reader.ExpectParameterValue(valueNode, $"parameter '{key}'") is { } value)
                {
                    builder[key] = value;
                }
            }

            return builder.ToImmutable();
        }

        private ImmutableArray<ControlAssignment> ReadControls(YamlFileReader reader, YamlNode node, string what)
        {
            if (reader.ExpectSequence(node, $"'controls' of {what}") is not { } sequence)
            {
                return [];
            }

            var result = ImmutableArray.CreateBuilder<ControlAssignment>(sequence.Children.Count);
            var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var item in sequence.Children)
            {
                string? id;
                YamlNode idNode;
                var parameters = ImmutableSortedDictionary.Create<string, ParameterValue>(StringComparer.Ordinal);
                if (item is YamlMappingNode mapping)
                {
                    var fields = reader.Read(mapping, $"a control of {what}", ControlKeys, IdOnly);
                    id = fields.String("id");
                    idNode = fields.Node("id") ?? mapping;
                    if (fields.Node("parameters") is { } parametersNode)
                    {
                        parameters = ReadParameters(reader, parametersNode, $"the parameters of control '{id}'");
                    }
                }
                else
                {
                    id = reader.ExpectString(item, $"a control of {what}");
                    idNode = item;
                }

                if (id is null)
                {
                    continue;
                }

                var location = reader.At(idNode);
                if (!CheckControlId(reader, idNode, id))
                {
                    continue;
                }

                if (seen.TryGetValue(id, out var first))
                {
                    _diagnostics.Report(
                        DiagnosticCodes.DuplicateControl,
                        $"control '{id}' is assigned twice to {what}; first at {first}",
                        location,
                        "keep one assignment and merge its parameters");
                    continue;
                }

                seen[id] = location;
                result.Add(new ControlAssignment(id, parameters, location));
            }

            return result.ToImmutable();
        }

        private ImmutableArray<ControlExemption> ReadExemptions(YamlFileReader reader, YamlNode node, string what)
        {
            if (reader.ExpectSequence(node, $"'exemptions' of {what}") is not { } sequence)
            {
                return [];
            }

            var result = ImmutableArray.CreateBuilder<ControlExemption>(sequence.Children.Count);
            var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var item in sequence.Children)
            {
                if (reader.ExpectMapping(item, $"an exemption of {what}") is not { } mapping)
                {
                    continue;
                }

                var fields = reader.Read(mapping, $"an exemption of {what}", ExemptionKeys, ControlOnly);
                var control = fields.String("control");
                var reason = fields.String("reason");
                if (control is null)
                {
                    continue;
                }

                var location = reader.At(mapping);
                if (!CheckControlId(reader, fields.Node("control")!, control))
                {
                    continue;
                }

                if (string.IsNullOrWhiteSpace(reason))
                {
                    // An opt-out weakens governance for every account below; the reason is what reviewers and the report see.
                    _diagnostics.Report(
                        DiagnosticCodes.ExemptionWithoutReason,
                        $"the exemption of control '{control}' in {what} has no reason",
                        fields.Node("reason") is { } reasonNode ? reader.At(reasonNode) : location,
                        "add 'reason:' saying why the OU opts out (it is kept in the build report)");
                    continue;
                }

                if (seen.TryGetValue(control, out var first))
                {
                    _diagnostics.Report(
                        DiagnosticCodes.DuplicateExemption,
                        $"control '{control}' is exempted twice in {what}; first at {first}",
                        location,
                        "keep one exemption");
                    continue;
                }

                seen[control] = location;
                result.Add(new ControlExemption(control, reason.Trim(), location));
            }

            return result.ToImmutable();
        }

        private ImmutableArray<AccountRef> ReadAccounts(YamlFileReader reader, YamlNode node, string what)
        {
            if (reader.ExpectSequence(node, $"'accounts' of {what}") is not { } sequence)
            {
                return [];
            }

            var result = ImmutableArray.CreateBuilder<AccountRef>(sequence.Children.Count);
            foreach (var item in sequence.Children)
            {
                if (reader.ExpectMapping(item, $"an account of {what}") is not { } mapping)
                {
                    continue;
                }

                var fields = reader.Read(mapping, $"an account of {what}", AccountKeys, IdAndName);
                var name = NonEmpty(reader, fields, "name", $"an account of {what}");
                var email = fields.String("email");
                if (fields.Node("id") is not { } idNode || name is null)
                {
                    continue;
                }

                var id = CheckAccountId(reader, idNode);
                if (id is null)
                {
                    continue;
                }

                var location = reader.At(idNode);
                if (_accounts.TryGetValue(id, out var first))
                {
                    _diagnostics.Report(
                        DiagnosticCodes.DuplicateAccountId,
                        $"account '{id}' is listed twice; first at {first}",
                        location,
                        "an account lives in exactly one OU: keep the entry under the OU that holds it");
                    continue;
                }

                _accounts[id] = location;
                result.Add(new AccountRef(id, name, email, reader.At(mapping)));
            }

            return result.ToImmutable();
        }

        private string? CheckAccountId(YamlFileReader reader, YamlNode node)
        {
            // Unquoted digits are a YAML number: leading zeros vanish and the id changes, so ids must be quoted.
            if (node is YamlScalarNode { Value: { } value } scalar && !YamlFileReader.IsNull(scalar))
            {
                if (!NameRules.IsAccountId(value))
                {
                    _diagnostics.Report(
                        DiagnosticCodes.InvalidAccountId,
                        $"account id '{value}' is not 12 digits",
                        reader.At(node),
                        "write the 12-digit AWS account id in quotes, e.g. id: \"123456789012\"");
                    return null;
                }

                if (scalar.Style == ScalarStyle.Plain)
                {
                    _diagnostics.Report(
                        DiagnosticCodes.InvalidAccountId,
                        $"account id {value} is not quoted",
                        reader.At(node),
                        $"write id: \"{value}\" (YAML reads unquoted digits as a number and drops leading zeros)");
                    return null;
                }

                return value;
            }

            _diagnostics.Report(
                DiagnosticCodes.InvalidAccountId,
                "an account id must be a quoted 12-digit string",
                reader.At(node),
                "write id: \"123456789012\"");
            return null;
        }

        private bool CheckControlId(YamlFileReader reader, YamlNode node, string id)
        {
            if (NameRules.IsControlId(id))
            {
                return true;
            }

            _diagnostics.Report(
                DiagnosticCodes.InvalidControlId,
                $"'{id}' is not a control id",
                reader.At(node),
                "control ids are the catalog's folder names: lower-case letters, digits and '-' (see govcfct controls)");
            return false;
        }

        private List<string> ReadGovernedRegions(YamlFileReader reader, YamlFileReader.Members fields)
        {
            if (fields.StringList("governed_regions") is not { } regions)
            {
                return [.. AwsRegions.DefaultGoverned];
            }

            if (regions.Count == 0)
            {
                _diagnostics.Report(
                    DiagnosticCodes.MissingRequired,
                    "governed_regions is empty",
                    reader.At(fields.Node("governed_regions")!),
                    "list at least the home region, or remove the key for the default [ap-northeast-1, ap-northeast-3]");
            }

            var result = new List<string>(regions.Count);
            foreach (var (region, node) in regions)
            {
                if (!AwsRegions.IsKnown(region))
                {
                    UnknownRegion(reader, node, region);
                }
                else if (result.Contains(region, StringComparer.Ordinal))
                {
                    _diagnostics.Report(DiagnosticCodes.DuplicateRegion, $"region '{region}' is listed twice in governed_regions", reader.At(node), "remove the repeated region");
                }
                else
                {
                    result.Add(region);
                }
            }

            return result;
        }

        private void UnknownRegion(YamlFileReader reader, YamlNode node, string region) =>
            _diagnostics.Report(
                DiagnosticCodes.UnknownRegion,
                $"'{region}' is not an AWS region name",
                reader.At(node),
                "use a region code such as ap-northeast-1 (Tokyo) or ap-northeast-3 (Osaka)");

        /// <summary>Reads <c>limits:</c>: every key optional, a whole number of at least 1; the defaults are AWS's published values.</summary>
        private OrganizationLimits ReadOrganizationLimits(YamlFileReader reader, YamlNode node)
        {
            var limits = OrganizationLimits.Default;
            if (reader.ExpectMapping(node, "'limits'") is not { } mapping)
            {
                return limits;
            }

            var fields = reader.Read(mapping, "'limits'", OrganizationLimits.Keys, []);
            foreach (var key in OrganizationLimits.Keys)
            {
                if (fields.Int(key) is not { } value)
                {
                    continue;
                }

                if (value < 1)
                {
                    _diagnostics.Report(
                        DiagnosticCodes.InvalidOrganizationLimit,
                        $"limits: {key} is {value}; a quota or duration must be at least 1",
                        reader.At(fields.Node(key)!),
                        $"leave it out (default {OrganizationLimits.Default.Get(key)}, from {OrganizationLimits.SourceOf(key)}) or set the value AWS granted");
                    continue;
                }

                limits = limits.With(key, value);
            }

            return limits;
        }

        private PolicyLimits ReadLimits(YamlFileReader reader, YamlNode? node, string what, PolicyLimits defaults)
        {
            if (node is null || reader.ExpectMapping(node, what) is not { } mapping)
            {
                return defaults;
            }

            var fields = reader.Read(mapping, what, LimitKeys, []);
            var limits = new PolicyLimits(
                fields.Int("max_attached") ?? defaults.MaxAttached,
                fields.Int("reserved") ?? defaults.Reserved,
                fields.Int("max_size") ?? defaults.MaxSize);
            if (limits.MaxAttached < 1 || limits.Reserved >= limits.MaxAttached || limits.MaxSize < 1)
            {
                _diagnostics.Report(
                    DiagnosticCodes.InvalidPolicyLimits,
                    $"{what} allow no policy of ours: max_attached {limits.MaxAttached}, reserved {limits.Reserved}, max_size {limits.MaxSize}",
                    reader.At(mapping),
                    "max_attached must be at least 1 and greater than reserved; max_size at least 1");
            }

            return limits;
        }

        private string? NonEmpty(YamlFileReader reader, YamlFileReader.Members fields, string key, string what)
        {
            var value = fields.String(key);
            if (value is not null && value.Trim().Length == 0)
            {
                _diagnostics.Report(DiagnosticCodes.MissingRequired, $"'{key}' of {what} is empty", reader.At(fields.Node(key)!), $"write a value for '{key}'");
                return null;
            }

            return value;
        }
    }
}
