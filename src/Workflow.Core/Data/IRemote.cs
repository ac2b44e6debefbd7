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
    /// Writes the object's bytes from <paramref name="offset"/> on to <paramref name="destination"/> (resuming an
    /// interrupted download); false when the remote has no such object.
    /// </summary>
    Task<bool> DownloadFromAsync(string path, long offset, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> at <paramref name="path"/>, replacing what is there. If reading the content
    /// throws, no object may appear (a verifying stream throws at its end when the bytes do not match the name).
    /// </summary>
    Task UploadAsync(string path, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> at <paramref name="path"/> only if nothing is there: true when this call
    /// created the object, false when one already existed (left as it was). As atomic as the storage allows; see
    /// <see cref="CreateGuarantee"/>.
    /// </summary>
    Task<bool> CreateAsync(string path, Stream content, CancellationToken cancellationToken);

    /// <summary>How <see cref="CreateAsync"/> excludes a second writer on this storage, in words for people.</summary>
    string CreateGuarantee { get; }

    /// <summary>Removes the object at <paramref name="path"/>; false when there was none.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>Every object under the folder <paramref name="prefix"/> (slash-separated, no trailing slash), recursively, with its size.</summary>
    Task<IReadOnlyList<RemoteObject>> ListAsync(string prefix, CancellationToken cancellationToken);
}

/// <summary>An object a remote listed: its path relative to the remote's root, and its size in bytes.</summary>
public sealed record RemoteObject(string Path, long Bytes);
