using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>Where the definition, the manifest's targets and the organization disagree.</summary>
internal sealed class DriftPlan(PlanContext context)
{
    public ImmutableArray<DriftFinding> Plan()
    {
        var drift = ImmutableArray.CreateBuilder<DriftFinding>();
        if (context.Options.Definition is { } definition)
        {
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ou in definition.AllOus())
            {
                defined.Add(ou.Path);
                if (context.Org.OuByPath(ou.Path) is null)
                {
                    drift.Add(new DriftFinding("ou-missing-in-organization", ou.Path, "defined but not in the organization: create it (Control Tower: register the OU) before publishing"));
                    context.Diagnostics.Report(DiagnosticCodes.PlanDefinitionOuMissing, $"OU '{ou.Path}' is in the definition but not in the organization", ou.Location, "create and register the OU in Control Tower, or remove it from the definition");
                }

                foreach (var reference in ou.Accounts)
                {
                    var account = context.Org.Account(reference.Id);
                    if (account is null)
                    {
                        drift.Add(new DriftFinding("account-missing", reference.Id, $"listed in {ou.Path} but not in the organization"));
                        context.Diagnostics.Report(DiagnosticCodes.PlanAccountMoved, $"account {reference.Id} ({reference.Name}) is listed in '{ou.Path}' but is not in the organization", reference.Location, "remove it from the definition or take a new snapshot");
                    }
                    else if (context.Org.PathOf(account.ParentId) is var actual && actual != ou.Path)
                    {
                        drift.Add(new DriftFinding("account-moved", reference.Id, $"definition: {ou.Path}; organization: {actual}"));
                        context.Diagnostics.Report(DiagnosticCodes.PlanAccountMoved, $"account {reference.Id} ({reference.Name}) is listed in '{ou.Path}' but the organization has it in '{actual}'", reference.Location, "move the account back, or update the definition; stack instances follow the organization");
                    }
                }
            }

            foreach (var ou in context.Org.Snapshot.OrganizationalUnits.Where(o => !defined.Contains(o.Path)).OrderBy(o => o.Path, StringComparer.Ordinal))
            {
                drift.Add(new DriftFinding("ou-not-in-definition", ou.Path, $"{ou.Id}: in the organization, not in the definition; its accounts get only what parent OUs' SCPs give"));
                context.Diagnostics.Add(new Diagnostic(DiagnosticCodes.PlanOrgOuNotDefined, $"OU '{ou.Path}' ({ou.Id}) is in the organization but not in the definition", new SourceLocation("organization.yaml") { Root = definition.Organization.Location?.Root }, "add it to the definition so it is governed"));
            }
        }

        foreach (var resource in context.Manifest.Resources)
        {
            foreach (var missing in context.Resolved[resource.Name].UnresolvedOus)
            {
                drift.Add(new DriftFinding("target-missing-in-organization", missing, $"listed by '{resource.Name}' but no such OU exists"));
            }
        }

        foreach (var account in context.Org.Snapshot.Accounts.Where(a => !OrgIndex.IsActive(a)).OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var kind = account.Status switch
            {
                "SUSPENDED" => "account-suspended",
                "PENDING_CLOSURE" => "account-pending-closure",
                _ => "account-unknown-state",
            };
            var path = context.Org.PathOf(account.ParentId);
            drift.Add(new DriftFinding(kind, account.Id, $"{account.Name} in {path} is {account.Status}: CfCT skips it; existing stack instances there are deleted"));
            context.Diagnostics.Report(DiagnosticCodes.PlanAccountNotActive, $"account {account.Id} ({account.Name}) in '{path}' is {account.Status}", new SourceLocation(context.Options.OrganizationDisplayPath), account.Status is "SUSPENDED" or "PENDING_CLOSURE" ? "move closed accounts to a suspended OU outside every target" : "check the account in AWS Organizations; GovCfct does not know this state");
        }

        return drift.ToImmutable();
    }
}
