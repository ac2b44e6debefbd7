namespace Workflow.Data;

/// <summary>
/// A remote store of objects named by relative paths: DVC's data under <c>files/md5/&lt;2&gt;/&lt;30&gt;</c>
/// (<see cref="DvcObjects.PathOf"/>), the build cache under <c>workflow-cache/</c>. The one remote abstraction for
/// data, build cache and registry. Implementations move bytes only; the caller verifies every hash, retries
/// failures the remote reports as <see cref="TransientRemoteException"/>, and decides what to trust.
/// </summary>
public interface IRemote : IDisposable
{
    string Name { get; }

    /// <summary>The folder or url, for messages.</summary>
    string Location { get; }

    /// <summary>Whether an object exists at <paramref name="path"/> (slash-separated, relative to the remote's root).</summary>
    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    /// <summary>Writes the object's bytes to <paramref name="destination"/>; false when the remote has no such object.</summary>
    Task<bool> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> at <paramref name="path"/>, replacing what is there. If reading the content
    /// throws, no object may appear (a verifying stream throws at its end when the bytes do not match the name).
    /// </summary>
    Task UploadAsync(string path, Stream content, CancellationToken cancellationToken);
}
