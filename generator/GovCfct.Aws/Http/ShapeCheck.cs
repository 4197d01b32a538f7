using System.Collections;
using System.Reflection;

namespace GovCfct.Aws.Http;

/// <summary>
/// Finds the first required member an answer left out. A shape record declares the model's required members
/// as non-nullable; System.Text.Json leaves a missing one null, so this walks the answer (nested shapes and
/// lists of shapes too) and names the path of the first non-nullable member that is null.
/// </summary>
internal static class ShapeCheck
{
    /// <summary>The path of the first required member that is missing, or null when the answer is whole.</summary>
    public static string? FirstMissing(object? value) => Walk(new NullabilityInfoContext(), value, string.Empty);

    // NullabilityInfoContext is not thread-safe: one per check.
    private static string? Walk(NullabilityInfoContext nullability, object? value, string path)
    {
        if (value is null || value.GetType().Assembly != typeof(ShapeCheck).Assembly)
        {
            return null;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.DeclaringType?.IsAssignableTo(typeof(IEnumerable)) == true)
            {
                continue;
            }

            var member = property.GetValue(value);
            var name = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (member is null)
            {
                if (!property.PropertyType.IsValueType && nullability.Create(property).ReadState == NullabilityState.NotNull)
                {
                    return name;
                }

                continue;
            }

            if (member is IEnumerable items and not string and not byte[])
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (Walk(nullability, item, $"{name}[{index++}]") is { } missing)
                    {
                        return missing;
                    }
                }
            }
            else if (Walk(nullability, member, name) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}
