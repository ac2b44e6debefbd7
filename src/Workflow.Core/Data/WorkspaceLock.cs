using System.Diagnostics;
using System.Globalization;
using Workflow.Cache;

namespace Workflow.Data;

/// <summary>
/// One writer at a time: TrackData, PushData and FetchData hold <c>.dvc/tmp/workflow.lock</c> while they write the
/// cache, a remote, <c>data/</c> or <c>data.dvc</c>; a build holds <c>.workflow/build.lock</c> while it writes
/// <c>artifacts/</c> and <c>.workflow/</c>. Another process waits, says for whom, and gives up with a clear message
/// after its wait (<see cref="DataOptions.LockTimeout"/> for data; a build waits as long as it takes).
/// </summary>
/// <remarks>
/// The lock is an exclusive <c>flock</c> on the file (<see cref="FileLock"/>): the kernel drops it when the holder
/// exits or crashes, so a lock is never stale and the file is never deleted. The lock file itself stays empty (where
/// .NET emulates file sharing, a locked file cannot even be read): the holder's pid and operation go to the small
/// file <c>workflow.lock.owner</c> beside it, only for the waiting message.
/// </remarks>
internal sealed class WorkspaceLock : IDisposable
{
    public const string RelativePath = ".dvc/tmp/workflow.lock";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly FileStream stream;

    private WorkspaceLock(FileStream stream) => this.stream = stream;

    public static WorkspaceLock Acquire(DvcWorkspace workspace, string operation, DataOptions options) =>
        Acquire(workspace.Root, RelativePath, operation, options.Log, options.LockWait);

    /// <param name="root">The workspace; <paramref name="relativePath"/> is the lock file in it.</param>
    /// <param name="wait">How long to wait for another holder; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    public static WorkspaceLock Acquire(string root, string relativePath, string operation, TextWriter log, TimeSpan wait)
    {
        var path = Path.Combine(root, relativePath);
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkflowException(
                $"Could not create {directory} for {relativePath} ({e.Message}); make it writable, then run {operation} again.");
        }

        var clock = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            try
            {
                var stream = FileLock.Open(path);
                AtomicFile.WriteAllText(path + ".owner", string.Create(
                    CultureInfo.InvariantCulture, $"{Environment.ProcessId} {operation}\n"));
                return new WorkspaceLock(stream);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new WorkflowException(
                    $"Could not open {relativePath} in {root} ({e.Message}); make {Path.GetDirectoryName(relativePath)} writable, then run {operation} again.");
            }
            catch (IOException)
            {
                var owner = Owner(path);
                if (wait != Timeout.InfiniteTimeSpan && clock.Elapsed >= wait)
                {
                    throw new WorkflowException(string.Create(CultureInfo.InvariantCulture,
                        $"Another build ({owner}) has held {relativePath} in {root} for over {wait.TotalSeconds:0} s; "
                        + $"wait for it to finish or stop it, then run {operation} again."));
                }

                if (!announced)
                {
                    log.WriteLine($"{operation}: waiting for another build ({owner}) holding {relativePath}…");
                    announced = true;
                }

                Thread.Sleep(Poll);
            }
        }
    }

    public void Dispose() => stream.Dispose();

    private static string Owner(string path)
    {
        try
        {
            var text = File.ReadAllText(path + ".owner").Trim();
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? $"pid {text[..space]}, {text[(space + 1)..]}" : $"pid {text}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "pid unknown";
        }
    }
}
