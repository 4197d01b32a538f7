namespace GovCfct.Aws.Http;

/// <summary>Reading optional lists of AWS responses, where an absent list and an empty one mean the same.</summary>
internal static class ResponseLists
{
    /// <summary>The first item, or null when the list is absent or empty.</summary>
    public static T? FirstOrNull<T>(this IReadOnlyList<T>? list)
        where T : class => list is { Count: > 0 } ? list[0] : null;
}
