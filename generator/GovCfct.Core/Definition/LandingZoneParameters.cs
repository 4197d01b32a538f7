using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Definition;

/// <summary>
/// Parameters whose only right value is a fact the definition already states: the audit account of
/// <c>landing_zone</c>, the management account, the organization and root ids of <c>org-lock.yaml</c>. They are derived
/// from there, so a definition never has to repeat them; where it does (at the organization, an OU or an assignment),
/// a value that differs is an error, because a central bus, a delegated administrator or a trust policy pointed at
/// another account fails only in the real landing zone, after CfCT has deployed it.
/// </summary>
public static class LandingZoneParameters
{
    /// <summary>One derived parameter: its name, where its value comes from (for people), and the value when known.</summary>
    private sealed record Derived(string Name, string Source, string? Value, SourceLocation? Location, bool MustMatch);

    /// <summary>The definition with the derived parameters added at the organization where they are not given, and every given value checked.</summary>
    public static GovernanceDefinition Apply(GovernanceDefinition definition, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var derived = Of(definition).Where(d => d.Value is not null).ToList();
        if (derived.Count == 0)
        {
            return definition;
        }

        foreach (var (parameters, where) in Given(definition))
        {
            foreach (var item in derived.Where(d => d.MustMatch))
            {
                if (parameters.TryGetValue(item.Name, out var value) && (value.Kind == ParameterValueKind.List || value.Scalar != item.Value))
                {
                    diagnostics.Report(
                        DiagnosticCodes.LandingZoneParameterMismatch,
                        $"{item.Name} {where} is '{(value.Kind == ParameterValueKind.List ? string.Join(", ", value.Items) : value.Scalar)}', but {item.Source} is '{item.Value}'",
                        value.Location ?? item.Location,
                        $"remove {item.Name}: it is derived from {item.Source}");
                }
            }
        }

        var added = definition.Parameters;
        var names = definition.DerivedParameterNames;
        foreach (var item in derived.Where(d => !definition.Parameters.ContainsKey(d.Name)))
        {
            added = added.Add(item.Name, ParameterValue.Of(item.Value!, item.Location));
            names = names.Add(item.Name);
        }

        return definition with { Parameters = added, DerivedParameterNames = names };
    }

    /// <summary>The names derived and their sources, for the docs and the schema.</summary>
    public static IReadOnlyList<(string Name, string Source)> Names { get; } =
    [
        ("AlertAccountId", "landing_zone.audit_account"),
        ("SecurityAdminAccountId", "landing_zone.audit_account"),
        ("ManagementAccountId", "management_account.id"),
        ("OrganizationId", "organization_id of org-lock.yaml"),
        ("PolicyTargetId", "root_id of org-lock.yaml"),
    ];

    private static IEnumerable<Derived> Of(GovernanceDefinition definition)
    {
        var landingZone = definition.LandingZone;
        var management = definition.ManagementAccount;
        var orgLock = definition.Lock;
        var lockAt = orgLock is null ? null : new SourceLocation(orgLock.DisplayPath) { Root = orgLock.Root };
        yield return new("AlertAccountId", Names[0].Source, landingZone?.AuditAccountId, landingZone?.Location, MustMatch: true);
        yield return new("SecurityAdminAccountId", Names[1].Source, landingZone?.AuditAccountId, landingZone?.Location, MustMatch: true);
        yield return new("ManagementAccountId", Names[2].Source, management?.Id, management?.Location, MustMatch: true);
        yield return new("OrganizationId", Names[3].Source, orgLock?.OrganizationId, lockAt, MustMatch: true);

        // Security Hub's configuration policy may target an OU instead of the root: a given value is a choice, not a mistake.
        yield return new("PolicyTargetId", Names[4].Source, orgLock?.RootId, lockAt, MustMatch: false);
    }

    private static IEnumerable<(ImmutableSortedDictionary<string, ParameterValue> Parameters, string Where)> Given(GovernanceDefinition definition)
    {
        yield return (definition.Parameters, "in organization.yaml");
        foreach (var account in definition.TargetAccounts)
        {
            foreach (var assignment in account.Controls)
            {
                yield return (assignment.Parameters, $"of {assignment.ControlId} on the {account.Display}");
            }
        }

        foreach (var ou in definition.AllOus())
        {
            yield return (ou.Parameters, $"of OU '{ou.Path}'");
            foreach (var assignment in ou.Controls)
            {
                yield return (assignment.Parameters, $"of {assignment.ControlId} at OU '{ou.Path}'");
            }
        }
    }
}
