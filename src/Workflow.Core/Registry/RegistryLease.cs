using System.Diagnostics;
using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Workflow.Data;

namespace Workflow.Registry;

/// <summary>
/// The write lock of a remote registry: a <c>registry.lock</c> object created only if absent
/// (<see cref="IRemote.CreateAsync"/>: a conditional PUT on S3, a WebDAV MOVE without overwrite), holding who took it
/// and until when. A lock whose lease has ended (its holder died) is broken with a message naming the holder.
/// Released by deleting it, only while it is still ours. Registry changes hold it for a read-modify-write of the
/// index (seconds); packages are uploaded before it is taken.
/// </summary>
internal sealed class RegistryLease : IDisposable
{
    public sealed record Holder(string Token, string Owner, DateTimeOffset Taken, DateTimeOffset Expires);

    private readonly RemoteRetry _remote;
    private readonly string _path;
    private readonly string _token;

    private RegistryLease(RemoteRetry remote, string path, string token)
    {
        _remote = remote;
        _path = path;
        _token = token;
    }

    public static TimeSpan Lease { get; } = TimeSpan.FromMinutes(2);

    public static RegistryLease Acquire(RemoteRetry remote, string path, string registry, TimeSpan timeout, Action<string>? log)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random();
        Holder? told = null;
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            var mine = new Holder(Guid.NewGuid().ToString("N"), Owner(), now, now + Lease);
            var bytes = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(mine));
            if (remote.Run("taking the registry lock", t => remote.Remote.CreateAsync(path, new MemoryStream(bytes), t)))
                return new RegistryLease(remote, path, mine.Token);
            var holder = Read(remote, path);
            if (holder is null) continue; // released in between
            // A create whose answer was lost and was retried finds its own lock: it holds it.
            if (holder.Token == mine.Token) return new RegistryLease(remote, path, mine.Token);
            if (holder.Expires < DateTimeOffset.UtcNow)
            {
                log?.Invoke($"Breaking the lock of the registry {registry}: {holder.Owner} took it at {Stamp(holder.Taken)} and its lease ended at {Stamp(holder.Expires)}.");
                if (Read(remote, path)?.Token == holder.Token) remote.Run("breaking a stale registry lock", t => remote.Remote.DeleteAsync(path, t));
                continue;
            }
            if (clock.Elapsed > timeout)
                throw new WorkflowException(string.Create(CultureInfo.InvariantCulture,
                    $"Gave up after {timeout.TotalSeconds:0.#} s waiting for the lock of the registry {registry}: {holder.Owner} has held it since {Stamp(holder.Taken)} (its lease ends at {Stamp(holder.Expires)}, when it can be broken). Try again later."));
            if (told?.Token != holder.Token)
                log?.Invoke($"Waiting for the lock of the registry {registry}: {holder.Owner} has held it since {Stamp(holder.Taken)}.");
            told = holder;
            Thread.Sleep(100 + random.Next(200));
        }
    }

    public void Dispose()
    {
        try
        {
            if (Read(_remote, _path)?.Token == _token) _remote.Run("releasing the registry lock", t => _remote.Remote.DeleteAsync(_path, t));
        }
        catch (WorkflowException)
        {
            // Unreachable now: the lease ends by itself and the next writer breaks it.
        }
    }

    private static Holder? Read(RemoteRetry remote, string path)
    {
        byte[]? text;
        try
        {
            text = remote.Run("reading the registry lock", async t =>
            {
                using var buffer = new MemoryStream();
                return await remote.Remote.DownloadAsync(path, buffer, t).ConfigureAwait(false) ? buffer.ToArray() : null;
            });
        }
        catch (RemoteUnreachableException e) when (e.InnerException is ObjectChangedWhileReadException)
        {
            return Unreadable; // stored broken (two writers at once on a server without atomic PUTs)
        }
        if (text is null) return null;
        try
        {
            return JsonConvert.DeserializeObject<Holder>(Encoding.UTF8.GetString(text));
        }
        catch (JsonException)
        {
            return Unreadable; // hand-made or cut short
        }
    }

    /// <summary>A lock that cannot be read, treated as a lease that has ended.</summary>
    private static Holder Unreadable { get; } = new("unreadable", "an unreadable lock", DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    private static string Owner() => string.Create(CultureInfo.InvariantCulture, $"{Environment.UserName}@{Environment.MachineName} (pid {Environment.ProcessId})");

    private static string Stamp(DateTimeOffset time) => time.ToString("u", CultureInfo.InvariantCulture);
}
