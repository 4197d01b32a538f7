using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Fixtures;

/// <summary>How much of the government organization to generate: the full one, or every municipality and ministry count divided by 4 or 16.</summary>
public enum FixtureSize
{
    Full = 1,
    Quarter = 4,
    Sixteenth = 16,
}

/// <summary>Where to read the shipped definition from and where to write the fixture; the seed fixes the account counts.</summary>
public sealed record GovernmentFixtureOptions(string ShippedDefinitionDirectory, string OutputDirectory, FixtureSize Size)
{
    public int Seed { get; init; } = 20260401;
}

/// <summary>The written fixture: its definition folder, its snapshot file and what they hold.</summary>
public sealed record GovernmentFixtureResult(string DefinitionDirectory, string SnapshotPath, OrgSnapshot Snapshot, GovernanceDefinition Definition)
{
    public int OuCount => Snapshot.OrganizationalUnits.Length;

    public int AccountCount => Snapshot.Accounts.Length;
}

/// <summary>
/// Writes a government-scale organization: the shipped definition (organization settings and the full catalog
/// assigned at Workloads) with the municipalities of all 47 prefectures (one YAML file per prefecture) and 30
/// ministries, each with Production and Verification OUs, plus an organization snapshot with 0–20 system
/// accounts per Production/Verification OU. Deterministic: the same options give the same bytes.
/// </summary>
public static class GovernmentFixture
{
    /// <summary>Ministries in the full fixture; smaller sizes divide it like the municipalities.</summary>
    public const int MinistryCount = 30;

    /// <summary>Every fifth prefecture sends its alerts to its own mailbox (NotificationEmail override at the prefecture OU).</summary>
    public const int EmailOverrideEvery = 5;

    /// <summary>Every ninth prefecture blocks its own extra port (a BlockedPorts override unique to it).</summary>
    public const int PortsOverrideEvery = 9;

    /// <summary>Every 40th municipality publishes GuardDuty findings hourly (shared FindingPublishingFrequency override).</summary>
    public const int GuardDutyOverrideEvery = 40;

    /// <summary>Every tenth ministry opts its Verification OU out of the Config baseline, as the shipped definition does.</summary>
    public const int ExemptionEvery = 10;

    private const string MunicipalitiesParent = "Workloads:Municipalities";
    private const string MinistriesParent = "Workloads:Ministries";
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public static GovernmentFixtureResult Write(GovernmentFixtureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var definitionDir = Path.Combine(options.OutputDirectory, "definition");
        if (Directory.Exists(options.OutputDirectory))
        {
            Directory.Delete(options.OutputDirectory, recursive: true);
        }

        CopyShipped(options.ShippedDefinitionDirectory, definitionDir);
        var divisor = (int)options.Size;
        var municipalitiesDir = Path.Combine(definitionDir, "ous", "municipalities");
        Directory.CreateDirectory(municipalitiesDir);
        for (var p = 0; p < Prefectures.All.Length; p++)
        {
            var (name, count) = Prefectures.All[p];
            WriteText(Path.Combine(municipalitiesDir, name.ToLowerInvariant() + ".yaml"), PrefectureYaml(p, name, Scaled(count, divisor)));
        }

        WriteText(Path.Combine(definitionDir, "ous", "workloads-ministries.yaml"), MinistriesYaml(Math.Max(2, MinistryCount / divisor)));

        var diagnostics = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(definitionDir, diagnostics);
        if (definition is null || diagnostics.HasErrors)
        {
            throw new InvalidOperationException("the generated fixture definition does not load: " + string.Join("; ", diagnostics.Items.Where(d => d.IsError).Select(d => d.ToString())));
        }

        var snapshot = Snapshot(definition, options.Seed);
        AppendToLock(Path.Combine(definitionDir, OrgLock.FileName), snapshot);
        var snapshotPath = Path.Combine(options.OutputDirectory, "org-snapshot.json");
        File.WriteAllBytes(snapshotPath, OrgSnapshotSerializer.SerializeToUtf8(snapshot));
        return new GovernmentFixtureResult(definitionDir, snapshotPath, snapshot, definition);
    }

    /// <summary>At least one municipality per prefecture, so every size keeps all 47 prefectures.</summary>
    public static int Scaled(int count, int divisor) => Math.Max(1, (int)Math.Round(count / (double)divisor, MidpointRounding.AwayFromZero));

    /// <summary>The municipality OU name: the prefecture name and a four-digit number (names need only be unique among siblings).</summary>
    public static string MunicipalityName(string prefecture, int index) => string.Create(CultureInfo.InvariantCulture, $"{prefecture}-M{index:D4}");

    /// <summary>The file of one prefecture inside the fixture's definition folder.</summary>
    public static string PrefectureFile(string definitionDirectory, string prefecture) =>
        Path.Combine(definitionDirectory, "ous", "municipalities", prefecture.ToLowerInvariant() + ".yaml");

    /// <summary>The BlockedPorts override of a prefecture that has one: the default list with one port of its own.</summary>
    public static string ExtraPort(int prefectureIndex) => (8000 + prefectureIndex).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The copied shipped lock knows only the shipped OUs; service-managed member stack sets target generated OUs by id,
    /// so every OU of the snapshot the lock lacks is appended with the snapshot's id.
    /// </summary>
    private static void AppendToLock(string lockPath, OrgSnapshot snapshot)
    {
        if (!File.Exists(lockPath))
        {
            return;
        }

        var text = File.ReadAllText(lockPath);
        var builder = new System.Text.StringBuilder(text.EndsWith('\n') ? text : text + "\n");
        foreach (var ou in snapshot.OrganizationalUnits.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            if (!text.Contains($"- path: \"{ou.Path}\"\n", StringComparison.Ordinal))
            {
                builder.Append(CultureInfo.InvariantCulture, $"  - path: \"{ou.Path}\"\n    id: {ou.Id}\n");
            }
        }

        File.WriteAllText(lockPath, builder.ToString());
    }

    private static void CopyShipped(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');

            // The fixture replaces the shipped municipalities and ministries with its own (their sample accounts go with them).
            if (relative.StartsWith("ous/municipalities/", StringComparison.Ordinal) || relative == "ous/workloads-ministries.yaml")
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (relative == "organization.yaml")
            {
                // The full-size fixture has 5,367 OUs: past Organizations' default quota of 2,000, so it declares a raised one.
                var text = File.ReadAllText(file);
                var at = text.IndexOf("\norganization:\n", StringComparison.Ordinal) + "\norganization:\n".Length;
                File.WriteAllText(destination, text[..at] + "  max_ous: 10000\n" + text[at..]);
                continue;
            }

            if (relative == "ous/workloads.yaml")
            {
                // The shipped Workloads OU now gets Control Tower controls instead of OU stack sets; the fixture keeps two
                // OU-wide stack sets (with their per-OU overrides) so its stack-set scale figures stay comparable.
                var text = File.ReadAllText(file);
                File.WriteAllText(destination, text.Replace("      - rcp-require-secure-transport\n", "      - rcp-require-secure-transport\n      - config-rules-baseline\n      - security-alerts\n", StringComparison.Ordinal));
                continue;
            }

            File.Copy(file, destination);
        }
    }

    private static string PrefectureYaml(int index, string name, int municipalities)
    {
        var text = new StringBuilder();
        text.Append("# yaml-language-server: $schema=../../schema/ou.schema.json\n");
        text.Append(CultureInfo.InvariantCulture, $"# {name} prefecture and its {municipalities} municipalities (benchmark fixture).\n");
        text.Append(CultureInfo.InvariantCulture, $"parent: {MunicipalitiesParent}\n");
        text.Append("ous:\n");
        text.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n");
        text.Append(CultureInfo.InvariantCulture, $"    description: {name} prefecture.\n");
        var email = index % EmailOverrideEvery == 0;
        var ports = index % PortsOverrideEvery == 0;
        if (email || ports)
        {
            text.Append("    parameters:\n");
            if (email)
            {
                text.Append(CultureInfo.InvariantCulture, $"      NotificationEmail: security@{name.ToLowerInvariant()}.govcloud.example.com\n");
            }

            if (ports)
            {
                text.Append(CultureInfo.InvariantCulture, $"      BlockedPorts: ['20', '21', '3389', '3306', '{ExtraPort(index)}']\n");
            }
        }

        text.Append("    children:\n");
        for (var m = 1; m <= municipalities; m++)
        {
            text.Append(CultureInfo.InvariantCulture, $"      - name: {MunicipalityName(name, m)}\n");
            text.Append(CultureInfo.InvariantCulture, $"        description: Municipality {m} of {name}.\n");
            if (m % GuardDutyOverrideEvery == 0)
            {
                text.Append("        parameters:\n");
                text.Append("          FindingPublishingFrequency: ONE_HOUR\n");
            }

            text.Append("        children:\n");
            text.Append("          - name: Production\n");
            text.Append("            description: Accounts serving residents.\n");
            text.Append("          - name: Verification\n");
            text.Append("            description: Accounts for acceptance tests before release.\n");
        }

        return text.ToString();
    }

    private static string MinistriesYaml(int count)
    {
        var text = new StringBuilder();
        text.Append("# yaml-language-server: $schema=../schema/ou.schema.json\n");
        text.Append(CultureInfo.InvariantCulture, $"# {count} ministries and agencies (benchmark fixture); each keeps production and verification apart.\n");
        text.Append(CultureInfo.InvariantCulture, $"parent: {MinistriesParent}\n");
        text.Append("ous:\n");
        for (var i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: Ministry{i:D2}\n");
            text.Append(CultureInfo.InvariantCulture, $"    description: Ministry or agency {i}.\n");
            text.Append("    children:\n");
            text.Append("      - name: Production\n");
            text.Append("        description: Accounts serving citizens and staff.\n");
            text.Append("      - name: Verification\n");
            text.Append("        description: Accounts for acceptance tests before release.\n");
            if (i % ExemptionEvery == 0)
            {
                text.Append("        exemptions:\n");
                text.Append("          - control: config-rules-baseline\n");
                text.Append("            reason: Control Tower's detective controls cover the same Config rules on this OU.\n");
            }
        }

        return text.ToString();
    }

    private static OrgSnapshot Snapshot(GovernanceDefinition definition, int seed)
    {
        // System.Random with a seed is stable across runs of one .NET version; the counts are part of the fixture, not a secret.
        var random = new Random(seed);
        const string rootId = "r-gc01";
        var ous = ImmutableArray.CreateBuilder<OrgUnit>();
        var accounts = ImmutableArray.CreateBuilder<OrgAccount>();
        var idByPath = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = rootId };
        var nextOu = 0;
        long nextAccount = 900_000_000_000;
        foreach (var ou in definition.AllOus())
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"ou-gc01-{++nextOu:x8}");
            idByPath[ou.Path] = id;
            var parentPath = ou.Path.Contains(':', StringComparison.Ordinal) ? ou.Path[..ou.Path.LastIndexOf(':')] : "";
            ous.Add(new OrgUnit(id, ou.Name, idByPath[parentPath], ou.Path));
            foreach (var known in ou.Accounts)
            {
                accounts.Add(new OrgAccount(known.Id, known.Name, known.Email ?? $"{known.Name}@govcloud.example.com", "ACTIVE", id));
            }

            // System accounts live in the Production and Verification OUs of ministries and municipalities.
            if (ou.Children.IsEmpty && ou.Path.StartsWith("Workloads:", StringComparison.Ordinal) && ou.Name is "Production" or "Verification")
            {
                var count = random.Next(0, 21);
                for (var a = 1; a <= count; a++)
                {
                    var accountId = (++nextAccount).ToString(CultureInfo.InvariantCulture);
                    var name = string.Create(CultureInfo.InvariantCulture, $"sys{a:D2}-{ou.Name.ToLowerInvariant()}-{accountId[^6..]}");
                    accounts.Add(new OrgAccount(accountId, name, $"aws-{accountId}@govcloud.example.com", "ACTIVE", id));
                }
            }
        }

        var management = new OrgAccount("111111111111", "Management", "aws-management@govcloud.example.com", "ACTIVE", rootId);
        accounts.Add(management);
        var policies = ImmutableArray.Create(new OrgPolicy("p-FullAWSAccess", "FullAWSAccess", "SERVICE_CONTROL_POLICY", true, [rootId, .. ous.Select(o => o.Id)]));
        return new OrgSnapshot("o-gc01example", management.Id, rootId, ous.ToImmutable(), accounts.ToImmutable(), policies);
    }

    private static void WriteText(string path, string text) => File.WriteAllBytes(path, Utf8NoBom.GetBytes(text));
}
