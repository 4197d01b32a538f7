using System.Runtime.InteropServices;
using System.Text;

namespace GovCfct.Core.IO;

/// <summary>
/// The one way a file or an output folder is replaced: the new content is written completely beside the target, then
/// takes the target's place in one rename. A run that fails or is killed leaves the old content or the new one, never a
/// half-written file, and no temporary file behind when it fails.
/// </summary>
public static partial class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> (its folder created) through a temporary file and a rename.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = Stage(path, bytes);
        try
        {
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            DeleteIfPresent(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, Utf8NoBom.GetBytes(text));
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to a new temporary file beside <paramref name="path"/> (a dot-file, so never part of a
    /// package) and returns its path, for callers that move several files into place only once all are written.
    /// </summary>
    public static string Stage(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(bytes);
        }
        catch
        {
            DeleteIfPresent(temporary);
            throw;
        }

        return temporary;
    }

    /// <summary>
    /// Puts the complete folder <paramref name="staged"/> in the place of <paramref name="target"/>. Where the system can
    /// exchange two names in one step (Linux's <c>renameat2</c> with <c>RENAME_EXCHANGE</c>), <paramref name="target"/>
    /// names the old or the new complete folder at every instant, so a kill inside the swap leaves one of them; the old
    /// content, now at <paramref name="staged"/>, is then deleted. Elsewhere the old folder is moved aside first and put
    /// back when the second rename fails. <paramref name="afterStep"/> is called after each step that changes a name.
    /// </summary>
    public static void ReplaceDirectory(string staged, string target, Action? afterStep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(staged);
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (!Directory.Exists(target))
        {
            Directory.Move(staged, target);
            afterStep?.Invoke();
            return;
        }

        if (TryExchange(staged, target))
        {
            afterStep?.Invoke();
            DeleteFolderIfPresent(staged);
            return;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(target)) ?? ".";
        var old = Path.Combine(parent, $".{Path.GetFileName(Path.GetFullPath(target))}.govcfct-old-{Guid.NewGuid():N}");
        Directory.Move(target, old);
        afterStep?.Invoke();
        try
        {
            Directory.Move(staged, target);
        }
        catch
        {
            Directory.Move(old, target);
            throw;
        }

        afterStep?.Invoke();
        DeleteFolderIfPresent(old);
    }

    private static bool TryExchange(string first, string second)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // EINVAL (a file system without exchange) or ENOSYS (an old kernel): fall back to two renames.
            return NativeMethods.renameat2(AtFdCwd, Path.GetFullPath(first), AtFdCwd, Path.GetFullPath(second), RenameExchange) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private const int AtFdCwd = -100;

    private const uint RenameExchange = 2;

    private static void DeleteIfPresent(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the failure being reported matters more than a leftover temporary file.
        }
    }

    private static void DeleteFolderIfPresent(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The new output is in place; a leftover dot-folder of the old one is not part of it.
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in Core for one call.
        internal static extern int renameat2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);
#pragma warning restore SYSLIB1054
    }
}
