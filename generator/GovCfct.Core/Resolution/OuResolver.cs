using System.Collections.Immutable;
using GovCfct.Core.Definition;

namespace GovCfct.Core.Resolution;

/// <summary>
/// Tree facts about OUs that CfCT needs: the order OUs appear in (the manifest lists them in tree order), parents,
/// and the way CfCT addresses an OU (bare name only for children of Root, else the full <c>A:B:C</c> path).
/// </summary>
public sealed class OuResolver
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OuNode> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OuNode> _parent = new(StringComparer.Ordinal);

    public OuResolver(GovernanceDefinition definition)
    {
        Definition = definition;
        var i = 0;
        foreach (var ou in definition.AllOus())
        {
            _index[ou.Path] = i++;
            _byPath[ou.Path] = ou;
        }

        Visit(definition.Root);
    }

    public GovernanceDefinition Definition { get; }

    /// <summary>Depth-first position of an OU in the definition (Root is -1).</summary>
    public int TreeIndex(string path) => path.Length == 0 ? -1 : _index[path];

    public OuNode? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>The parent OU, the root node for top-level OUs, null for the root itself.</summary>
    public OuNode? Parent(OuNode ou) => ou.IsRoot ? null : _parent[ou.Path];

    /// <summary>
    /// CfCT's reference for an OU. The definition's path is already the full path without Root, which for a
    /// child of Root is its bare name; Root itself is <c>Root</c>.
    /// </summary>
    public static string CfctReference(OuNode ou) => ou.IsRoot ? OuNode.RootName : ou.Path;

    /// <summary>Orders OU paths in tree order (unknown paths last, ordinal) so manifests list OUs as the definition does.</summary>
    public ImmutableArray<string> InTreeOrder(IEnumerable<string> paths) =>
        [.. paths.Distinct(StringComparer.Ordinal)
            .OrderBy(p => p.Length == 0 ? -1 : _index.GetValueOrDefault(p, int.MaxValue))
            .ThenBy(p => p, StringComparer.Ordinal)];

    private void Visit(OuNode node)
    {
        foreach (var child in node.Children)
        {
            _parent[child.Path] = node;
            Visit(child);
        }
    }
}
