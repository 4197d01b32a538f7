using System.Reflection;
using GovCfct.Cdk.Controls;

namespace GovCfct.Cdk.Synthesis;

/// <summary>
/// Finds the C# class behind a catalog entry's <c>cdk_construct</c>: a non-abstract subclass of
/// <see cref="CdkControlStack"/> with that simple class name in GovCfct.Cdk or an assembly the caller adds.
/// Simple names keep control.yaml free of namespaces; two classes with one name are rejected.
/// </summary>
public sealed class CdkControlRegistry
{
    private readonly Dictionary<string, List<Type>> _byName = new(StringComparer.Ordinal);

    public CdkControlRegistry(IEnumerable<Assembly>? extraAssemblies = null)
    {
        var assemblies = new List<Assembly> { typeof(CdkControlStack).Assembly };
        assemblies.AddRange(extraAssemblies ?? []);
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetTypes()))
        {
            if (type.IsAbstract || !type.IsSubclassOf(typeof(CdkControlStack)))
            {
                continue;
            }

            if (!_byName.TryGetValue(type.Name, out var list))
            {
                _byName[type.Name] = list = [];
            }

            list.Add(type);
        }
    }

    /// <summary>Every known control class name, ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The class for a name, or null with the reason when there is none or more than one.</summary>
    public Type? Find(string name, out string? problem)
    {
        problem = null;
        if (!_byName.TryGetValue(name, out var types))
        {
            problem = $"no class named '{name}' derives from CdkControlStack (known: {string.Join(", ", Names)})";
            return null;
        }

        if (types.Count > 1)
        {
            problem = $"class name '{name}' is ambiguous: {string.Join(", ", types.Select(t => t.FullName).Order(StringComparer.Ordinal))}";
            return null;
        }

        var type = types[0];
        if (type.GetConstructor([typeof(Constructs.Construct), typeof(string), typeof(CdkControlInput)]) is null)
        {
            problem = $"{type.FullName} has no public constructor (Construct scope, string id, CdkControlInput input)";
            return null;
        }

        return type;
    }
}
