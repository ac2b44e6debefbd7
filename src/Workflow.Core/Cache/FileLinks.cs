using System.Runtime.InteropServices;

namespace Workflow.Cache;

/// <summary>
/// Creates <c>target</c> (which must not exist) from <c>source</c> by the first of the given <see cref="LinkType"/>s
/// this file system supports, and remembers a type that failed for lack of support so it is not tried again.
/// </summary>
/// <remarks>
/// Reflinks are the Linux <c>FICLONE</c> ioctl and hard links libc's <c>link(2)</c>; .NET has neither. Errors that
/// mean "not here" (EXDEV, EOPNOTSUPP, EINVAL, ENOTTY, EPERM, EMLINK, ENOSYS) fall through to the next type; a copy
/// always works where the target's folder is writable.
/// </remarks>
internal sealed class FileLinks(IReadOnlyList<LinkType> types)
{
    private const uint Ficlone = 0x40049409;
    private static readonly int[] Unsupported = [1, 18, 22, 25, 31, 38, 95]; // EPERM EXDEV EINVAL ENOTTY EMLINK ENOSYS EOPNOTSUPP
    private readonly bool[] _failed = new bool[3];

    public static readonly FileLinks CopyOnly = new([LinkType.Copy]);

    public IReadOnlyList<LinkType> Types { get; } = types.Count == 0 ? [LinkType.Copy] : types;

    /// <summary>Makes <paramref name="target"/> share <paramref name="source"/>'s bytes; returns the type used.</summary>
    public LinkType Create(string source, string target)
    {
        foreach (var type in Types)
        {
            if (type == LinkType.Copy) break;
            if (!_failed[(int)type] && OperatingSystem.IsLinux() && TryLink(type, source, target)) return type;
        }
        // A copy is the last resort even when not listed: a build never fails for want of a link.
        File.Copy(source, target);
        return LinkType.Copy;
    }

    /// <summary>
    /// Hard-links <paramref name="target"/> (which should not exist) to <paramref name="source"/> when a hard link is the
    /// type <see cref="Create"/> would use here: a link appears whole or not at all, so it needs no temporary name and
    /// rename. False (nothing made) when another type comes first, hard links do not work here, or the target exists.
    /// </summary>
    public bool TryHardLinkNew(string source, string target) =>
        OperatingSystem.IsLinux() && Types.FirstOrDefault(t => t == LinkType.Copy || !_failed[(int)t], LinkType.Copy) == LinkType.Hardlink
        && Attempt(LinkType.Hardlink, source, target) == 0; // EEXIST, ENOENT, …: the usual way decides

    private bool TryLink(LinkType type, string source, string target)
    {
        var error = Attempt(type, source, target);
        if (error == 0) return true;
        if (_failed[(int)type]) return false;
        throw new IOException($"could not {type.ToString().ToLowerInvariant()} {source} to {target} (errno {error})");
    }

    // 0 when the link was made, else the errno; a type this file system lacks is remembered as failed.
    private int Attempt(LinkType type, string source, string target)
    {
        try
        {
            var error = type == LinkType.Hardlink ? HardLink(source, target) : Reflink(source, target);
            if (Array.IndexOf(Unsupported, error) >= 0) _failed[(int)type] = true;
            return error;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _failed[(int)type] = true;
            return -1;
        }
    }

    private static int HardLink(string source, string target) =>
        Link(source, target) == 0 ? 0 : Marshal.GetLastPInvokeError();

    private static int Reflink(string source, string target)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read);
        var error = 0;
        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            if (Ioctl(output.SafeFileHandle.DangerousGetHandle().ToInt32(), Ficlone, input.SafeFileHandle.DangerousGetHandle().ToInt32()) != 0)
                error = Marshal.GetLastPInvokeError();
        }
        if (error != 0) File.Delete(target);
        return error;
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, uint request, int argument);
}
