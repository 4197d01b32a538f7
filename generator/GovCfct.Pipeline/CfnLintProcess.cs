using System.Diagnostics;
using GovCfct.Core.Validation;

namespace GovCfct.Pipeline;

/// <summary>
/// The cfn-lint command line, in ONE process for every template and region of a request. cfn-lint 1.x reads a
/// <c>.cfnlintrc</c> from its working directory and the home folder, and such a file may load Python (<c>append_rules</c>)
/// or silence checks (<c>ignore_checks</c>): the package is content under review, never configuration. So cfn-lint runs
/// in a new temporary folder that holds copies of the request's templates only, with GovCfct's own configuration file
/// (which replaces both lookups), and without AWS credentials in its environment; the folder is removed afterwards.
/// </summary>
/// <param name="executable">The cfn-lint executable; found on PATH when null.</param>
public sealed class CfnLintProcess(string? executable = null) : ICfnLinter
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string? _executable = executable;

    public CfnLintRun Lint(CfnLintRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var exe = _executable is { } configured ? (File.Exists(configured) ? configured : null) : FindOnPath("cfn-lint");
        if (exe is null)
        {
            return CfnLintRun.NotFound(_executable is null ? "on PATH" : $"at {_executable}");
        }

        var root = Directory.CreateTempSubdirectory("govcfct-cfnlint-");
        try
        {
            var work = Directory.CreateDirectory(Path.Combine(root.FullName, "package")).FullName;
            foreach (var (template, bytes) in request.Templates)
            {
                var target = Path.GetFullPath(Path.Combine(work, template));
                if (!target.StartsWith(work + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, [.. bytes]);
            }

            var config = Path.Combine(root.FullName, "govcfct.cfnlintrc");
            File.WriteAllText(config, "ignore_templates: []\n");
            return Run(exe, work, config, root.FullName, request);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Removes every AWS setting (keys, session token, profile, container and web-identity credentials) from a linter's
    /// environment and points the SDK's shared files at paths that do not exist, so nothing it runs can act as the caller.
    /// </summary>
    private static void WithoutAwsCredentials(IDictionary<string, string?> environment, string emptyFolder)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(name);
        }

        environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(emptyFolder, "no-credentials");
        environment["AWS_CONFIG_FILE"] = Path.Combine(emptyFolder, "no-config");
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
    }

    /// <summary>The first file named <paramref name="name"/> (with .exe or .cmd on Windows) in a PATH folder, or null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd", name } : [name];
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names.Select(n => Path.Combine(dir, n)))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static CfnLintRun Run(string exe, string directory, string config, string emptyFolder, CfnLintRequest request)
    {
        var start = new ProcessStartInfo(exe)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        WithoutAwsCredentials(start.Environment, emptyFolder);
        start.ArgumentList.Add("--config-file");
        start.ArgumentList.Add(config);
        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("json");
        if (request.IncludeInformational)
        {
            start.ArgumentList.Add("--include-checks");
            start.ArgumentList.Add("I");
        }

        if (request.Regions.Length > 0)
        {
            start.ArgumentList.Add("--regions");
            foreach (var region in request.Regions)
            {
                start.ArgumentList.Add(region);
            }
        }

        start.ArgumentList.Add("--");
        foreach (var template in request.Templates.Keys)
        {
            start.ArgumentList.Add(template);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cfn-lint did not start");
            var errTask = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return CfnLintRun.Failed($"cfn-lint did not finish within {Timeout.TotalMinutes} minutes; templates were not linted");
            }

            return CfnLintRun.Finished(process.ExitCode, stdout, errTask.GetAwaiter().GetResult());
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return CfnLintRun.Failed($"cfn-lint could not be run: {e.Message}");
        }
    }
}
