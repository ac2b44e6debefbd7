using System.Runtime.InteropServices;

namespace Workflow.Cache;

/// <summary>
/// An exclusive <c>flock</c> on an open lock file, taken explicitly rather than through .NET's emulation of
/// <see cref="FileShare.None"/>: <c>build.sh</c> turns that emulation off (<c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>),
/// since it costs every file a build opens two system calls (a cold 100,000-file build opens ~300,000), and the
/// workspace and registry locks are the only files whose sharing matters.
/// </summary>
/// <remarks>
/// flock locks belong to the open file: a second handle on the same file, in this process or another, is refused
/// until the first is closed, and the kernel drops the lock when its holder exits. Where .NET's emulation is on too
/// (tests, the CLI), it has taken the same lock on the same handle already, which this takes again at no cost. On
/// Windows, <see cref="FileShare.None"/> is a real sharing mode and nothing more is needed.
/// </remarks>
internal static partial class FileLock
{
    private const int Exclusive = 2; // LOCK_EX
    private const int NonBlocking = 4; // LOCK_NB

    /// <summary>
    /// The file opened for this handle alone (<see cref="FileShare.None"/>) and locked; <see cref="IOException"/> when
    /// another handle holds it.
    /// </summary>
    public static FileStream Open(
        string path, FileMode mode = FileMode.OpenOrCreate, FileAccess access = FileAccess.ReadWrite, int bufferSize = 4096)
    {
        var stream = new FileStream(path, mode, access, FileShare.None, bufferSize);
        try
        {
            Take(stream);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void Take(FileStream stream)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        while (Flock(fd, Exclusive | NonBlocking) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != 4) // EINTR: try again; anything else (EWOULDBLOCK: held) is a refusal
            {
                throw new IOException($"{stream.Name} is locked by another process (errno {error}).");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
