using System.Diagnostics;
using System.Globalization;
using Workflow.Cache;

namespace Workflow.Data;

/// <summary>
/// One data operation at a time per workspace: TrackData, PushData and FetchData hold <c>.dvc/tmp/workflow.lock</c>
/// while they write the cache, a remote, <c>data/</c> or <c>data.dvc</c>. Another process waits, says for whom, and
/// gives up with a clear message after <see cref="DataOptions.LockTimeout"/>.
/// </summary>
/// <remarks>
/// The lock is the file opened with <see cref="FileShare.None"/>, which .NET implements on Unix as an exclusive
/// <c>flock</c>: the kernel drops it when the holder exits or crashes, so a lock is never stale and the file is never
/// deleted. Because a locked file cannot be opened for reading either, the holder's pid and operation go to the
/// small file <c>workflow.lock.owner</c> beside it, only for the waiting message.
/// </remarks>
internal sealed class WorkspaceLock : IDisposable
{
    public const string RelativePath = ".dvc/tmp/workflow.lock";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly FileStream stream;

    private WorkspaceLock(FileStream stream) => this.stream = stream;

    public static WorkspaceLock Acquire(DvcWorkspace workspace, string operation, DataOptions options)
    {
        var path = Path.Combine(workspace.TmpDirectory, "workflow.lock");
        try
        {
            Directory.CreateDirectory(workspace.TmpDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkflowException(
                $"Could not create {workspace.TmpDirectory} for {RelativePath} ({e.Message}); make .dvc writable, then run {operation} again.");
        }

        var clock = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                AtomicFile.WriteAllText(path + ".owner", string.Create(
                    CultureInfo.InvariantCulture, $"{Environment.ProcessId} {operation}\n"));
                return new WorkspaceLock(stream);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new WorkflowException(
                    $"Could not open {RelativePath} in {workspace.Root} ({e.Message}); make .dvc/tmp writable, then run {operation} again.");
            }
            catch (IOException)
            {
                var owner = Owner(path);
                if (clock.Elapsed >= options.LockWait)
                {
                    throw new WorkflowException(string.Create(CultureInfo.InvariantCulture,
                        $"Another build ({owner}) has held {RelativePath} in {workspace.Root} for over {options.LockWait.TotalSeconds:0} s; "
                        + $"wait for it to finish or stop it, then run {operation} again."));
                }

                if (!announced)
                {
                    options.Log.WriteLine($"{operation}: waiting for another build ({owner}) holding {RelativePath}…");
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
