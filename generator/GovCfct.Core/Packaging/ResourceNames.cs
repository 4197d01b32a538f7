using System.Security.Cryptography;
using System.Text;
using GovCfct.Core.Definition;

namespace GovCfct.Core.Packaging;

/// <summary>
/// Manifest resource names: <c>[A-Za-z][A-Za-z0-9-]*</c>, at most 109 characters so the stack set name
/// <c>CustomControlTower-&lt;name&gt;</c> stays within CloudFormation's 128.
/// </summary>
public static class ResourceNames
{
    public const int MaxLength = 109;

    public static bool IsValid(string name) => name.Length <= MaxLength && NameRules.IsResourceName(name);

    /// <summary>8 lower-case hex characters of SHA-256 over the texts joined by newlines: short, stable across runs and machines.</summary>
    public static string Hash8(IEnumerable<string> texts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', texts))).AsSpan(0, 4));

    /// <summary>
    /// An OU path as a name fragment: lower case, runs of other characters become one hyphen. When a letter or digit
    /// outside ASCII is dropped (a Japanese OU name), a hash of the whole path is appended: otherwise "Finance:経理"
    /// would become "finance", the name of its parent's policy, and OUs named only in such scripts would all collide.
    /// </summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        var dropped = false;
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
                continue;
            }

            dropped |= c > 0x7f && char.IsLetterOrDigit(c);
            if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "ou-" + Hash8([text])
            : dropped ? slug + "-" + Hash8([text])
            : slug;
    }

    /// <summary>Shortens an over-long name keeping its start and adding a hash of the whole, so distinct names stay distinct.</summary>
    public static string Fit(string name, int maxLength = MaxLength)
    {
        if (name.Length <= maxLength)
        {
            return name;
        }

        var hash = Hash8([name]);
        return name[..(maxLength - hash.Length - 1)].TrimEnd('-') + "-" + hash;
    }
}
