using System.Globalization;

namespace GovCfct.Core.Replay;

/// <summary>
/// The files of a trail source: CloudTrail delivers <c>…/AWSLogs/[o-id/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/NAME.json.gz</c>
/// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html); the account and the
/// delivery day are read from those segments wherever the prefix ends, so organization trails, account trails and copies
/// read alike. Digest files (<c>CloudTrail-Digest</c>) and Athena's metadata files are not logs.
/// </summary>
public static class TrailFiles
{
    /// <summary>Whether a key (or relative path, '/'-separated) is a log file to read.</summary>
    public static bool IsLogFile(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Contains("/CloudTrail-Digest/", StringComparison.Ordinal) || key.Contains("/CloudTrail-Insight/", StringComparison.Ordinal) || key.EndsWith('/'))
        {
            return false;
        }

        var name = key[(key.LastIndexOf('/') + 1)..];
        return !name.StartsWith('.') && !name.EndsWith(".metadata", StringComparison.Ordinal) && !name.EndsWith(".csv", StringComparison.Ordinal)
            && !name.EndsWith(".txt", StringComparison.Ordinal) && !name.EndsWith(".manifest", StringComparison.Ordinal);
    }

    /// <summary>The recipient account and delivery day of a key in CloudTrail's layout, or nulls.</summary>
    public static (string? Account, DateOnly? Day) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        for (var i = 1; i + 4 < parts.Length; i++)
        {
            if (parts[i] == "CloudTrail" && parts[i - 1].Length == 12 && parts[i - 1].All(char.IsAsciiDigit)
                && int.TryParse(parts[i + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                && int.TryParse(parts[i + 3], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
                && i + 4 < parts.Length && int.TryParse(parts[i + 4], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                && m is >= 1 and <= 12 && d is >= 1 and <= 31 && y > 2000)
            {
                return (parts[i - 1], new DateOnly(y, m, Math.Min(d, DateTime.DaysInMonth(y, m))));
            }
        }

        return (null, null);
    }

    /// <summary>
    /// Whether a file can hold records of the window and accounts: a file delivered on a day holds records written before
    /// it, so days before <paramref name="since"/>'s day are skipped, and days more than one day after
    /// <paramref name="until"/> (delivery takes minutes, not days). Keys outside the layout are always read.
    /// </summary>
    public static bool MayHold(string key, DateTimeOffset? since, DateTimeOffset? until, IReadOnlySet<string>? accounts)
    {
        var (account, day) = Parse(key);
        if (account is not null && accounts is not null && !accounts.Contains(account))
        {
            return false;
        }

        if (day is { } d)
        {
            if (since is { } s && d < DateOnly.FromDateTime(s.UtcDateTime))
            {
                return false;
            }

            if (until is { } u && d > DateOnly.FromDateTime(u.UtcDateTime).AddDays(1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every log file under a folder, relative paths with '/', in ordinal order (so a replay reads in the same order every time).</summary>
    public static IEnumerable<string> Local(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(IsLogFile)
            .Order(StringComparer.Ordinal);
}
