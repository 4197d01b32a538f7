using System.Collections.Immutable;

namespace GovCfct.Core.Planning.Plans;

/// <summary>The SCPs and RCPs attached per target (filled by the policy plan), and those in effect there, inherited ones first.</summary>
internal sealed class EffectivePolicies(OrgIndex org)
{
    public static readonly ImmutableArray<ReceivedPolicy> None = [];

    private readonly Dictionary<string, List<ReceivedPolicy>> _attachedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<ReceivedPolicy>> _effective = new(StringComparer.Ordinal);

    public void Attach(string targetId, ReceivedPolicy policy)
    {
        if (!_attachedAt.TryGetValue(targetId, out var list))
        {
            _attachedAt[targetId] = list = [];
        }

        list.Add(policy);
    }

    /// <summary>Policies in effect at a target: its own attachments after its parent's, memoized top-down.</summary>
    public ImmutableArray<ReceivedPolicy> At(string targetId)
    {
        if (_effective.TryGetValue(targetId, out var cached))
        {
            return cached;
        }

        var parent = targetId == org.RootId ? null : org.OuById(targetId)?.ParentId;
        var inherited = parent is null ? None : At(parent);
        var own = _attachedAt.GetValueOrDefault(targetId);
        var result = own is null ? inherited : inherited.AddRange(own);
        _effective[targetId] = result;
        return result;
    }
}
