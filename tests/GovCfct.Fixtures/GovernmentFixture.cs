using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Fixtures;

/// <summary>
/// Which organization to generate: the government's full tree (the stress test: 5,367 OUs, about 36,000 accounts, beyond
/// Control Tower's quotas), that tree with every municipality and ministry count divided by 4 or 16, or the
/// landing-zone maximum: the largest organization one Control Tower landing zone allows (about 2,000 OUs within 5
/// levels, 10,000 accounts).
/// </summary>
public enum FixtureSize
{
    Full = 1,
    Quarter = 4,
    Sixteenth = 16,
    LandingZoneMaximum = 1000,
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
/// Writes a government-scale organization: the shipped definition with its placeholders replaced by real-looking values
/// (<see cref="RealisticDefinition"/>; organization settings, every control
/// assignment and opt-out pattern of manifest/) with the municipalities of the 47 prefectures (one YAML file per
/// prefecture) and the ministries, each with Production and Verification OUs; an organization snapshot in which every
/// leaf OU holds accounts; and the org lock written from that snapshot by <c>govcfct org lock</c>'s own code
/// (<see cref="OrgLockWriter"/>), so the lock says which OUs hold accounts. Deterministic: the same options give the
/// same bytes.
/// </summary>
public static class GovernmentFixture
{
    /// <summary>Ministries in the full fixture; smaller sizes divide it like the municipalities.</summary>
    public const int MinistryCount = 30;

    /// <summary>Every tenth ministry's Verification OU opts out of the EBS volume check, as the shipped definition's HealthLabourWelfare does.</summary>
    public const int ExemptionEvery = 10;

    /// <summary>The control the shipped definition lets a Verification OU opt out of, with the shipped reason.</summary>
    public const string ExemptControl = "ct-ec2-volume-inuse-check";

    /// <summary>Accounts in the landing-zone maximum: Control Tower's quota of accounts per landing zone.</summary>
    public const int LandingZoneAccounts = 10_000;

    /// <summary>OUs in the landing-zone maximum: at most AWS Organizations' current quota of 2,000 OUs.</summary>
    public const int LandingZoneOus = 2_000;

    /// <summary>The management account: the shipped definition's (organization.yaml management_account) with its real-looking id (<see cref="RealisticDefinition"/>).</summary>
    public const string ManagementAccountId = "402916581730";

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

        var maximum = options.Size == FixtureSize.LandingZoneMaximum;
        CopyShipped(options.ShippedDefinitionDirectory, definitionDir, raiseOuBound: !maximum);
        var municipalities = maximum ? LandingZoneMunicipalities() : [.. Prefectures.All.Select(p => Scaled(p.Municipalities, (int)options.Size))];
        var ministries = maximum ? MinistryCount : Math.Max(2, MinistryCount / (int)options.Size);
        var municipalitiesDir = Path.Combine(definitionDir, "ous", "municipalities");
        Directory.CreateDirectory(municipalitiesDir);
        for (var p = 0; p < Prefectures.All.Length; p++)
        {
            var name = Prefectures.All[p].Name;
            WriteText(Path.Combine(municipalitiesDir, name.ToLowerInvariant() + ".yaml"), PrefectureYaml(name, municipalities[p]));
        }

        WriteText(Path.Combine(definitionDir, "ous", "workloads-ministries.yaml"), MinistriesYaml(ministries));

        var definition = Load(definitionDir);
        var snapshot = maximum ? Snapshot(definition, options.Seed, LandingZoneAccounts) : Snapshot(definition, options.Seed, null);
        var snapshotPath = Path.Combine(options.OutputDirectory, "org-snapshot.json");
        File.WriteAllBytes(snapshotPath, OrgSnapshotSerializer.SerializeToUtf8(snapshot));

        // The lock, as `govcfct org lock --org org-snapshot.json --out definition/org-lock.yaml` writes it.
        var lockDiagnostics = new DiagnosticBag();
        var locked = OrgLockWriter.ReadSnapshot(snapshotPath, "org-snapshot.json", lockDiagnostics)
            ?? throw new InvalidOperationException("the fixture snapshot does not read back: " + string.Join("; ", lockDiagnostics.Items));
        WriteText(Path.Combine(definitionDir, OrgLock.FileName), OrgLockWriter.Write(locked));
        return new GovernmentFixtureResult(definitionDir, snapshotPath, snapshot, Load(definitionDir));
    }

    /// <summary>
    /// The landing-zone maximum's municipalities per prefecture: as many as fit in <see cref="LandingZoneOus"/> OUs
    /// (three OUs each: the municipality, Production and Verification), shared out in proportion to the real counts
    /// (largest remainder, at least one each).
    /// </summary>
    public static ImmutableArray<int> LandingZoneMunicipalities()
    {
        // Root's five OUs, Ministries, Municipalities, 47 prefectures and 30 ministries with their two OUs each.
        var fixedOus = 5 + 2 + Prefectures.All.Length + (MinistryCount * 3);
        var total = (LandingZoneOus - fixedOus) / 3;
        var real = Prefectures.All.Sum(p => p.Municipalities);
        var exact = Prefectures.All.Select(p => p.Municipalities * (double)total / real).ToArray();
        var counts = exact.Select(x => Math.Max(1, (int)Math.Floor(x))).ToArray();
        foreach (var index in Enumerable.Range(0, counts.Length).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i).Take(total - counts.Sum()))
        {
            counts[index]++;
        }

        return [.. counts];
    }

    private static GovernanceDefinition Load(string definitionDir)
    {
        var diagnostics = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(definitionDir, diagnostics);
        if (definition is null || diagnostics.HasErrors)
        {
            throw new InvalidOperationException("the generated fixture definition does not load: " + string.Join("; ", diagnostics.Items.Where(d => d.IsError).Select(d => d.ToString())));
        }

        return definition;
    }

    /// <summary>At least one municipality per prefecture, so every size keeps all 47 prefectures.</summary>
    public static int Scaled(int count, int divisor) => Math.Max(1, (int)Math.Round(count / (double)divisor, MidpointRounding.AwayFromZero));

    /// <summary>The municipality OU name: the prefecture name and a four-digit number (names need only be unique among siblings).</summary>
    public static string MunicipalityName(string prefecture, int index) => string.Create(CultureInfo.InvariantCulture, $"{prefecture}-M{index:D4}");

    /// <summary>The file of one prefecture inside the fixture's definition folder.</summary>
    public static string PrefectureFile(string definitionDirectory, string prefecture) =>
        Path.Combine(definitionDirectory, "ous", "municipalities", prefecture.ToLowerInvariant() + ".yaml");

    private static void CopyShipped(string source, string target, bool raiseOuBound)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');

            // The fixture replaces the shipped municipalities and ministries with its own (their sample accounts go with
            // them), and writes its own lock from its own snapshot.
            if (relative.StartsWith("ous/municipalities/", StringComparison.Ordinal) || relative == "ous/workloads-ministries.yaml" || relative == OrgLock.FileName)
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (relative == "organization.yaml" && raiseOuBound)
            {
                // The stress tree has 5,367 OUs: past the 2,000 the definition loader reads by default, so it raises that
                // bound. The quota validate --org compares with (limits.ous_per_organization) stays AWS's 2,000.
                var text = RealisticDefinition.Apply(File.ReadAllText(file));
                var at = text.IndexOf("\norganization:\n", StringComparison.Ordinal) + "\norganization:\n".Length;
                File.WriteAllText(destination, text[..at] + "  max_ous: 10000\n" + text[at..]);
                continue;
            }

            // The shipped placeholders become real-looking values, as an organization's own definition holds them:
            // validate refuses the shipped ones.
            if (relative.EndsWith(".yaml", StringComparison.Ordinal))
            {
                File.WriteAllText(destination, RealisticDefinition.Apply(File.ReadAllText(file)));
                continue;
            }

            File.Copy(file, destination);
        }
    }

    private static string PrefectureYaml(string name, int municipalities)
    {
        var text = new StringBuilder();
        text.Append("# yaml-language-server: $schema=../../schema/ou.schema.json\n");
        text.Append(CultureInfo.InvariantCulture, $"# {name} prefecture and its {municipalities} municipalities (benchmark fixture).\n");
        text.Append(CultureInfo.InvariantCulture, $"parent: {MunicipalitiesParent}\n");
        text.Append("ous:\n");
        text.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n");
        text.Append(CultureInfo.InvariantCulture, $"    description: {name} prefecture.\n");
        text.Append("    children:\n");
        for (var m = 1; m <= municipalities; m++)
        {
            text.Append(CultureInfo.InvariantCulture, $"      - name: {MunicipalityName(name, m)}\n");
            text.Append(CultureInfo.InvariantCulture, $"        description: Municipality {m} of {name}.\n");
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
                text.Append(CultureInfo.InvariantCulture, $"          - control: {ExemptControl}\n");
                text.Append("            reason: Test runs detach EBS volumes and keep them for the next run on purpose.\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The organization: the definition's OUs with ids, its named accounts (Audit, Log Archive, Infrastructure's) and
    /// system accounts in every leaf OU. The stress tree gives each leaf 1–20 (<see cref="Random"/> with the seed); the
    /// landing-zone maximum gives each leaf one and shares the rest out at random until it holds exactly
    /// <paramref name="totalAccounts"/>, the management account included.
    /// </summary>
    private static OrgSnapshot Snapshot(GovernanceDefinition definition, int seed, int? totalAccounts)
    {
        // System.Random with a seed is stable across runs of one .NET version; the counts are part of the fixture, not a secret.
        var random = new Random(seed);
        const string rootId = "r-gc01";
        var ous = ImmutableArray.CreateBuilder<OrgUnit>();
        var named = new List<OrgAccount>();
        var idByPath = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = rootId };
        var leaves = new List<(string Id, string Name)>();
        var nextOu = 0;
        foreach (var ou in definition.AllOus())
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"ou-gc01-{++nextOu:x8}");
            idByPath[ou.Path] = id;
            var parentPath = ou.Path.Contains(':', StringComparison.Ordinal) ? ou.Path[..ou.Path.LastIndexOf(':')] : "";
            ous.Add(new OrgUnit(id, ou.Name, idByPath[parentPath], ou.Path));
            foreach (var known in ou.Accounts)
            {
                named.Add(new OrgAccount(known.Id, known.Name, known.Email ?? $"{known.Name.Replace(' ', '-')}@govcloud.example.com", "ACTIVE", id));
            }

            if (ou.Children.IsEmpty && ou.Accounts.IsEmpty)
            {
                leaves.Add((id, ou.Name));
            }
        }

        var counts = new int[leaves.Count];
        if (totalAccounts is { } total)
        {
            Array.Fill(counts, 1);
            for (var left = total - 1 - named.Count - leaves.Count; left > 0; left--)
            {
                counts[random.Next(leaves.Count)]++;
            }
        }
        else
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = random.Next(1, 21);
            }
        }

        var accounts = ImmutableArray.CreateBuilder<OrgAccount>();
        accounts.AddRange(named);
        long nextAccount = 900_000_000_000;
        for (var i = 0; i < leaves.Count; i++)
        {
            var (id, ouName) = leaves[i];
            for (var a = 1; a <= counts[i]; a++)
            {
                var accountId = (++nextAccount).ToString(CultureInfo.InvariantCulture);
                var name = string.Create(CultureInfo.InvariantCulture, $"sys{a:D2}-{ouName.ToLowerInvariant()}-{accountId[^6..]}");
                accounts.Add(new OrgAccount(accountId, name, $"aws-{accountId}@govcloud.example.com", ouName == "Suspended" ? "SUSPENDED" : "ACTIVE", id));
            }
        }

        var management = new OrgAccount(ManagementAccountId, "govcloud-management", "aws-management@govcloud.example.com", "ACTIVE", rootId);
        accounts.Add(management);
        var policies = ImmutableArray.Create(new OrgPolicy("p-FullAWSAccess", "FullAWSAccess", "SERVICE_CONTROL_POLICY", true, [rootId, .. ous.Select(o => o.Id)]));
        return new OrgSnapshot("o-gc01example", management.Id, rootId, ous.ToImmutable(), accounts.ToImmutable(), policies);
    }

    private static void WriteText(string path, string text) => File.WriteAllBytes(path, Utf8NoBom.GetBytes(text));
}
