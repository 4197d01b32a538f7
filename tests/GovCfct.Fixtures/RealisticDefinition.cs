using System.Text.RegularExpressions;

namespace GovCfct.Fixtures;

/// <summary>
/// The shipped definition (<c>manifest/</c>) with every value it holds as a placeholder replaced by a real-looking one, as
/// an organization's own definition would be after "Values to replace" (docs/definition.md): what <c>validate</c>,
/// <c>publish</c> and the benchmarks judge, since they refuse the shipped example itself. Made from the shipped files
/// on every run, so it follows every change to them; the table below is written by hand, independent of the code
/// that finds the placeholders.
/// </summary>
public static partial class RealisticDefinition
{
    private static readonly Lock Gate = new();
    private static string? _cached;

    /// <summary>The shipped value → the real-looking value this definition holds instead.</summary>
    public static IReadOnlyList<(string Shipped, string Real)> Replacements { get; } =
    [
        ("111122223333", "402916581730"),
        ("210987654321", "519283746501"),
        ("012345678901", "630174829355"),
        ("123456789012", "741852963014"),
        ("234567890123", "752963074125"),
        ("345678901234", "763074185236"),
        ("456789012345", "774185296347"),
        ("567890123456", "785296307458"),
        ("678901234567", "796307418569"),
        ("789012345678", "807418529670"),
        ("890123456789", "818529630781"),
        ("901234567890", "829630741892"),
        ("o-0example000", "o-k3x9q2m7vd"),
        ("r-0exa", "r-k3x9"),
        ("ou-0exa-", "ou-k3x9-"),
        ("prod-replaceme000000", "prod-4kq7nz2xw6yte"),
        ("pa-replaceme000000", "pa-7hd2mq5rs3uvc"),
        ("port-replaceme000000", "port-2bv6xk9wq4jnm"),
        ("ssoins-0000replaceme000", "ssoins-7758a1b2c3d4e5f6"),
        ("d-0000000000", "d-9067a1b2c3"),
        ("govcloud.example.com", "govcloud-ops.jp"),
    ];

    /// <summary>A shared copy of <paramref name="shippedDirectory"/> made once per process (read only: copy it again before changing it).</summary>
    public static string Shared(string shippedDirectory)
    {
        lock (Gate)
        {
            if (_cached is null || !Directory.Exists(_cached))
            {
                _cached = CopyFrom(shippedDirectory, System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"govcfct-realistic-{Environment.ProcessId}-{Guid.NewGuid():N}"));
            }

            return _cached;
        }
    }

    /// <summary>Writes <paramref name="source"/> with the replacements into <paramref name="destination"/> (created) and returns it.</summary>
    public static string CopyFrom(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(destination, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            if (!file.EndsWith(".yaml", StringComparison.Ordinal))
            {
                File.Copy(file, target, overwrite: true);
                continue;
            }

            File.WriteAllText(target, Apply(File.ReadAllText(file)));
        }

        return destination;
    }

    /// <summary>The text with every shipped value replaced, the example lock's 6000000000nn accounts and its <c>example: true</c> mark included.</summary>
    public static string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (shipped, real) in Replacements)
        {
            text = text.Replace(shipped, real, StringComparison.Ordinal);
        }

        text = LockAccount().Replace(text, "3471508200$1");
        return ExampleMark().Replace(text, string.Empty);
    }

    [GeneratedRegex(@"(?<![0-9])6000000000([0-9]{2})(?![0-9])")]
    private static partial Regex LockAccount();

    [GeneratedRegex(@"(?m)^example: true\r?\n")]
    private static partial Regex ExampleMark();
}
