using System.Diagnostics;
using System.Globalization;

namespace Workflow.Registry;

/// <summary>
/// An exclusive lock on <c>registry.lock</c>, held for the whole read-modify-write of a registry change. It is an
/// OS file lock (<see cref="Cache.FileLock"/>, flock on Linux): it excludes other processes and other handles in this
/// process, and is released by the OS if the holder dies, so there are no stale locks to clean up.
/// </summary>
internal sealed class RegistryLock : IDisposable
{
    private readonly FileStream _stream;

    private RegistryLock(FileStream stream) => _stream = stream;

    public static RegistryLock Acquire(string path, TimeSpan timeout, Action<string>? log)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var clock = Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            try
            {
                return new RegistryLock(Cache.FileLock.Open(path));
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                if (!told) log?.Invoke($"Waiting for the registry lock {path}: another process is changing the registry.");
                told = true;
                Thread.Sleep(25);
            }
            catch (IOException e)
            {
                throw new WorkflowException(string.Create(CultureInfo.InvariantCulture,
                    $"Gave up after {timeout.TotalSeconds:0.#} s waiting for the registry lock {path}; another process still holds it. Wait for it to finish and try again (the lock is released when that process exits)."), inner: e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
