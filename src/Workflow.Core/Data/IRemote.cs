namespace Workflow.Data;

/// <summary>
/// A DVC remote: objects stored under <c>files/md5/&lt;2&gt;/&lt;30&gt;</c> below its root or url. Implementations
/// move bytes only; the caller verifies every MD5, retries failures the remote reports as
/// <see cref="TransientRemoteException"/>, and decides what enters the cache.
/// </summary>
public interface IRemote : IDisposable
{
    string Name { get; }

    /// <summary>The folder or url, for messages.</summary>
    string Location { get; }

    Task<bool> ExistsAsync(string md5, CancellationToken cancellationToken);

    /// <summary>Writes the object's bytes to <paramref name="destination"/>; false when the remote has no such object.</summary>
    Task<bool> DownloadAsync(string md5, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> as the object. If reading the content throws, no object may appear (a
    /// verifying stream throws at its end when the bytes do not match the name).
    /// </summary>
    Task UploadAsync(string md5, Stream content, CancellationToken cancellationToken);
}
