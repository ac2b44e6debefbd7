using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workflow.Cache;

/// <summary>
/// What the state cache compares to decide a file is unchanged: size, mtime and ctime in nanoseconds, and inode.
/// </summary>
/// <remarks>
/// .NET has no inode API, so on Linux this calls glibc's <c>statx(2)</c> wrapper (glibc 2.28+, kernel 4.11+), whose
/// <c>struct statx</c> has the same layout on every architecture, unlike <c>struct stat</c>; only the offsets read
/// below are used. Where statx is unavailable (another OS or libc) it falls back to <see cref="FileInfo"/>: size and
/// mtime at 100 ns, with inode and ctime 0 — still correct, only blind to a same-size rewrite that restores mtime.
/// </remarks>
internal readonly partial record struct FileStat(long Size, long MtimeNs, long CtimeNs, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private static bool statxWorks = OperatingSystem.IsLinux();

    /// <summary>The stat of a file, following symlinks; null when it does not exist (or vanished).</summary>
    public static FileStat? Of(string path) => Of(path, out _);

    /// <inheritdoc cref="Of(string)"/>
    /// <param name="links">
    /// The file's hard-link count (1 where unknown). Not part of the stat's equality: the state cache's entries
    /// predate links made to a file since; a caller that relies on a link count compares it itself.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called per file of a build (see StageRunner.Run)
    public static FileStat? Of(string path, out uint links)
    {
        links = 1;
        if (statxWorks)
        {
            try
            {
                if (Statx(AtFdCwd, path, 0, StatxBasicStats, out var buffer) == 0)
                {
                    links = buffer.Links;
                    return new FileStat(
                        (long)buffer.Size,
                        buffer.MtimeSec * 1_000_000_000 + buffer.MtimeNsec,
                        buffer.CtimeSec * 1_000_000_000 + buffer.CtimeNsec,
                        buffer.Inode);
                }

                if (Marshal.GetLastPInvokeError() != 38) // ENOSYS: the kernel lacks statx; anything else is a real miss
                {
                    return null;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }

            statxWorks = false;
        }

        var info = new FileInfo(path);
        return info.Exists ? new FileStat(info.Length, (info.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks) * 100, 0, 0) : null;
    }

    // Source-generated: the path is marshalled on the stack, not allocated per call (a no-op build stats 300,000 files).
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(16)] public uint Links;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(96)] public long CtimeSec;
        [FieldOffset(104)] public uint CtimeNsec;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(120)] public uint MtimeNsec;
    }
}
