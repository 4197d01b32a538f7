using System.Diagnostics;
using System.Text;
using GovCfct.Core.Cfct;

namespace GovCfct.Pipeline;

/// <summary>The <c>git</c> command line (<c>git ls-tree</c>, <c>git show</c>) on a working copy or bare repository.</summary>
public sealed class GitCliReader(string repositoryDirectory) : IGitReader
{
    private readonly string _repositoryDirectory = repositoryDirectory;

    public IReadOnlyList<string> ListFiles(string revision, string folder)
    {
        var prefix = folder.Trim('/');
        var args = new List<string> { "ls-tree", "-r", "-z", "--name-only", "--full-tree", revision };
        if (prefix.Length > 0)
        {
            args.Add("--");
            args.Add(prefix + "/");
        }

        var output = Encoding.UTF8.GetString(Run(args));
        return [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => prefix.Length == 0 ? p : p[(prefix.Length + 1)..])
            .Order(StringComparer.Ordinal)];
    }

    public byte[] ReadFile(string revision, string path) => Run(["show", $"{revision}:{path}"]);

    private byte[] Run(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(_repositoryDirectory);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GitReaderException("git could not be started");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new GitReaderException($"git is not installed or not on PATH ({ex.Message})");
        }

        using (process)
        {
            using var buffer = new MemoryStream();
            var errorTask = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(buffer);
            process.WaitForExit();
            var error = errorTask.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                throw new GitReaderException($"git {string.Join(' ', args)} failed: {error.Trim()}");
            }

            return buffer.ToArray();
        }
    }
}
