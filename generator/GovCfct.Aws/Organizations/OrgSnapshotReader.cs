using System.Collections.Concurrent;
using System.Collections.Immutable;
using GovCfct.Aws.Http;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Aws.Organizations;

/// <summary>Options of a snapshot read: how many parents are listed at once (Organizations throttles hard; retries absorb it).</summary>
public sealed record OrgSnapshotReaderOptions(int MaxParallelism = 4);

/// <summary>The snapshot and the warnings collected while reading it (policy types that could not be read...).</summary>
public sealed record OrgSnapshotReaderResult(OrgSnapshot Snapshot, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Reads the live organization into an <see cref="OrgSnapshot"/>: the tree breadth-first from the root
/// (one level at a time, parents of a level in parallel), OU paths in CfCT's <c>A:B:C</c> form, every
/// account with its status and parent, and the SCPs and RCPs with their targets and (the organization's own) content. AWS failures surface as
/// <see cref="AwsServiceException"/>.
/// </summary>
public sealed class OrgSnapshotReader(IOrganizationsApi api, OrgSnapshotReaderOptions? options = null)
{
    private static readonly string[] PolicyTypesRead = [PolicyTypes.ServiceControlPolicy, PolicyTypes.ResourceControlPolicy];

    // Errors that mean "this policy type is not available here", not "the caller cannot read the organization".
    private static readonly HashSet<string> PolicyTypeUnavailable = new(StringComparer.Ordinal)
    {
        "PolicyTypeNotEnabledException", "PolicyTypeNotAvailableForOrganizationException", "UnsupportedAPIEndpointException", "InvalidInputException",
    };

    private readonly OrgSnapshotReaderOptions _options = options ?? new OrgSnapshotReaderOptions();

    public async Task<OrgSnapshotReaderResult> ReadAsync(CancellationToken cancellationToken)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var organization = await api.DescribeOrganizationAsync(cancellationToken).ConfigureAwait(false);
        var roots = await api.ListRootsAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (roots.Count == 0)
        {
            throw new AwsServiceException(AwsErrorCodes.InvalidResponse, "ListRoots returned no root", 0, null);
        }

        var root = roots.OrderBy(r => r.Id, StringComparer.Ordinal).First();
        if (roots.Count > 1)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.SnapshotMultipleRoots, $"the organization has {roots.Count} roots; the snapshot covers {root.Id} only"));
        }

        var units = new ConcurrentBag<OrgUnit>();
        var accounts = new ConcurrentBag<OrgAccount>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelism), CancellationToken = cancellationToken };

        // Breadth-first: each level's parents are listed together; their child OUs form the next level.
        IReadOnlyList<(string Id, string? Path)> level = [(root.Id, null)];
        while (level.Count > 0)
        {
            var next = new ConcurrentBag<(string Id, string? Path)>();
            await Parallel.ForEachAsync(level, parallel, async (parent, ct) =>
            {
                await foreach (var ou in api.ListOrganizationalUnitsForParentAsync(parent.Id, ct).ConfigureAwait(false))
                {
                    var path = parent.Path is null ? ou.Name : parent.Path + ":" + ou.Name;
                    units.Add(new OrgUnit(ou.Id, ou.Name, parent.Id, path));
                    next.Add((ou.Id, path));
                }

                await foreach (var account in api.ListAccountsForParentAsync(parent.Id, ct).ConfigureAwait(false))
                {
                    var joined = account.JoinedTimestamp is { } seconds ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)) : (DateTimeOffset?)null;
                    accounts.Add(new OrgAccount(account.Id, account.Name ?? string.Empty, account.Email ?? string.Empty, account.Status ?? account.State ?? "UNKNOWN", parent.Id, joined));
                }
            }).ConfigureAwait(false);
            level = [.. next.OrderBy(p => p.Id, StringComparer.Ordinal)];
        }

        var policies = new ConcurrentBag<OrgPolicy>();
        foreach (var type in PolicyTypesRead)
        {
            List<PolicySummary> summaries;
            try
            {
                summaries = await api.ListPoliciesAsync(type, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (PolicyTypeUnavailable.Contains(ex.ErrorCode))
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.SnapshotPolicyTypeUnavailable,
                    $"{type} policies could not be read ({ex.ErrorCode}: {ex.Message}); the snapshot has none of them",
                    hint: "enable the policy type in the organization, or ignore this if it is not used"));
                continue;
            }

            await Parallel.ForEachAsync(summaries, parallel, async (summary, ct) =>
            {
                var targets = await api.ListTargetsForPolicyAsync(summary.Id, ct).Select(t => t.TargetId).ToListAsync(ct).ConfigureAwait(false);

                // The content of the organization's own policies (not FullAWSAccess), so plan --deployed compares it.
                var content = summary.AwsManaged ? null : await api.DescribePolicyContentAsync(summary.Id, ct).ConfigureAwait(false);
                policies.Add(new OrgPolicy(summary.Id, summary.Name, summary.Type ?? type, summary.AwsManaged, [.. targets]) { Content = content });
            }).ConfigureAwait(false);
        }

        var snapshot = OrgSnapshotSerializer.Normalize(new OrgSnapshot(
            organization.Id,
            organization.MasterAccountId ?? string.Empty,
            root.Id,
            [.. units],
            [.. accounts],
            [.. policies]));
        return new OrgSnapshotReaderResult(snapshot, diagnostics.ToImmutable());
    }
}
