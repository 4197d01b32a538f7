using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Accounts;

/// <summary>One manifest resource a new account will receive, and the OU path it reaches the account through.</summary>
public sealed record PlannedControl(string ResourceName, DeployMethod DeployMethod, string TargetOu, ImmutableArray<string> ControlIds, ImmutableArray<string> Regions);

/// <summary>What one requested account will receive once Account Factory puts it into its OU and CfCT re-runs.</summary>
public sealed record AccountPlanEntry(AccountRequest Request, ImmutableArray<PlannedControl> Controls)
{
    /// <summary>Every catalog control id the account gets, sorted.</summary>
    public ImmutableArray<string> ControlIds => [.. Controls.SelectMany(c => c.ControlIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Controls that apply in the OU but reach no account there (the same model as <c>plan</c>'s coverage matrix).</summary>
    public ImmutableArray<string> Missed { get; init; } = [];

    /// <summary>Controls the OU (or a parent) opted out of, with the reason.</summary>
    public ImmutableArray<ControlReach> OptedOut { get; init; } = [];
}

/// <summary>The plan for a whole CSV, in file order.</summary>
public sealed record AccountPlan(ImmutableArray<AccountPlanEntry> Accounts);

/// <summary>
/// Computes from a built package what each requested account will receive, following CfCT's targeting: an SCP or
/// RCP attached at the account's OU or any ancestor (or Root) applies to it; a stack set reaches it only when its
/// own OU is listed, never through a parent OU.
/// </summary>
public static class AccountPlanner
{
    /// <param name="ouPathOf">
    /// The path of an OU id (from the definition's org lock), so Control Tower controls the package enables count where
    /// Control Tower applies them; without it they count as their management-account stack set.
    /// </param>
    public static AccountPlan Plan(IEnumerable<AccountRequest> requests, CfctPackage package, Func<string, string?>? ouPathOf = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(package);
        var coverage = new ControlCoverage(
            package.Manifest,
            ControlIntent.FromPackage(package),
            ouPathOf is null ? null : ControlCoverage.ControlTowerOf(package, ouPathOf),
            ExpectedPacks.Read(package),
            ouPathOf is null ? null : ControlCoverage.MemberStackSetsOf(package, null, ouPathOf));
        return new AccountPlan([.. requests.Select(r =>
        {
            var reaches = coverage.At(r.OrganizationalUnit);
            return new AccountPlanEntry(r, ControlsAt(r.OrganizationalUnit, package.Manifest))
            {
                Missed = [.. reaches.Where(c => c.Coverage == Coverage.Missed).Select(c => c.Control)],
                OptedOut = [.. reaches.Where(c => c.Coverage == Coverage.OptedOut)],
            };
        })]);
    }

    /// <summary>The resources that reach an account placed directly in <paramref name="ouPath"/>, in manifest order.</summary>
    public static ImmutableArray<PlannedControl> ControlsAt(string ouPath, CfctManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(ouPath);
        ArgumentNullException.ThrowIfNull(manifest);
        var chain = Ancestors(ouPath);
        var result = ImmutableArray.CreateBuilder<PlannedControl>();
        foreach (var resource in manifest.Resources)
        {
            string? through = resource.DeployMethod == DeployMethod.StackSet
                ? resource.OrganizationalUnits.Contains(ouPath, StringComparer.Ordinal) ? ouPath : null
                : chain.FirstOrDefault(p => resource.OrganizationalUnits.Contains(p, StringComparer.Ordinal));
            if (through is not null)
            {
                var regions = resource.DeployMethod == DeployMethod.StackSet ? resource.Regions : [];
                result.Add(new PlannedControl(resource.Name, resource.DeployMethod, through, resource.ControlIds, regions));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The OU itself, then each ancestor, then Root: the targets whose policies an account inherits.</summary>
    private static ImmutableArray<string> Ancestors(string ouPath)
    {
        var parts = ouPath.Split(':');
        var chain = ImmutableArray.CreateBuilder<string>();
        for (var i = parts.Length; i > 0; i--)
        {
            chain.Add(string.Join(':', parts.Take(i)));
        }

        chain.Add("Root");
        return chain.ToImmutable();
    }
}

/// <summary>Prints an <see cref="AccountPlan"/> as text for people or JSON for tools; deterministic, LF line ends.</summary>
public static class AccountPlanWriter
{
    // The JSON plan: indented, Japanese text kept readable.
    private static readonly JsonSerializerOptions JsonOutput = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToText(AccountPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        foreach (var entry in plan.Accounts)
        {
            var r = entry.Request;
            text.Append($"{r.AccountName} (line {r.Line}) -> {r.OrganizationalUnit}; Admin {r.AdminLastName} {r.AdminFirstName} <{r.AdminEmail}>\n");
            if (entry.Controls.IsEmpty)
            {
                text.Append("  no control reaches this OU\n");
            }

            foreach (var control in entry.Controls)
            {
                var kind = control.DeployMethod switch
                {
                    DeployMethod.Scp => "scp",
                    DeployMethod.Rcp => "rcp",
                    _ => "stack_set",
                };
                var via = control.TargetOu == r.OrganizationalUnit ? "at the OU" : $"inherited from {control.TargetOu}";
                var regions = control.Regions.IsEmpty ? string.Empty : $" in {string.Join(", ", control.Regions)}";
                var ids = control.ControlIds.IsEmpty ? string.Empty : $": {string.Join(", ", control.ControlIds)}";
                text.Append($"  {kind} {control.ResourceName} ({via}{regions}){ids}\n");
            }

            foreach (var optOut in entry.OptedOut)
            {
                text.Append($"  opted out: {optOut.Control}: {optOut.Reason}\n");
            }

            if (!entry.Missed.IsEmpty)
            {
                text.Append($"  missed (applies here, reaches no account in this OU): {string.Join(", ", entry.Missed)}\n");
            }
        }

        var total = plan.Accounts.Length;
        text.Append($"{total} account(s) planned\n");
        return text.ToString();
    }

    public static string ToJson(AccountPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var document = new
        {
            accounts = plan.Accounts.Select(e => new
            {
                line = e.Request.Line,
                account_name = e.Request.AccountName,
                organizational_unit = e.Request.OrganizationalUnit,
                controls = e.ControlIds,
                missed = e.Missed,
                opted_out = e.OptedOut.Select(o => new { control = o.Control, reason = o.Reason }),
                resources = e.Controls.Select(c => new
                {
                    name = c.ResourceName,
                    deploy_method = c.DeployMethod switch { DeployMethod.Scp => "scp", DeployMethod.Rcp => "rcp", _ => "stack_set" },
                    target = c.TargetOu,
                    regions = c.Regions,
                    controls = c.ControlIds,
                }),
            }),
        };
        return JsonSerializer.Serialize(document, JsonOutput).ReplaceLineEndings("\n") + "\n";
    }
}
