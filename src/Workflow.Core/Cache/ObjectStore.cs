namespace Workflow.Cache;

/// <summary>
/// Content-addressed blobs at <c>&lt;root&gt;/&lt;first 2 hex&gt;/&lt;other 62 hex&gt;</c>, named by their SHA-256 and
/// read-only. A blob is trusted only after its bytes hash to its name — or, with a <see cref="StateCache"/>, while its
/// stat is the one recorded when it was last hashed (any write through a hard link changes its ctime). With
/// <c>verify</c> every blob is hashed again before use. A corrupt blob is deleted and reported as missing.
/// </summary>
/// <remarks>
/// Files enter and leave the store by <see cref="FileLinks"/>: with hard links or reflinks a workspace output and
/// its blob are one copy on disk. Blobs are made read-only (0444), so an editor refuses to write through a hard
/// link; a process running as root is not stopped by permissions, and such an edit is caught by the stat check.
/// </remarks>
public sealed class ObjectStore
{
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private readonly StateCache? _state;
    private readonly FileLinks _links;
    private readonly bool _verify;

    public ObjectStore(string root) : this(root, null, FileLinks.CopyOnly, verify: true)
    {
    }

    internal ObjectStore(string root, StateCache? state, FileLinks links, bool verify)
    {
        Root = root;
        _state = state;
        _links = links;
        _verify = verify || state is null;
    }

    public string Root { get; }

    public string PathOf(string hash) => PathOf(Root, hash);

    /// <summary>Where the store at <paramref name="root"/> keeps the blob named <paramref name="hash"/>.</summary>
    public static string PathOf(string root, string hash) => Path.Combine(root, hash[..2], hash[2..]);

    /// <summary>Stores a copy of <paramref name="file"/> and returns its hash.</summary>
    public string Put(string file) => Put(file, ContentHash.OfFile(file));

    /// <summary>
    /// Stores <paramref name="file"/>, whose bytes hash to <paramref name="hash"/>, sharing its storage where the
    /// links allow; when the blob exists already the file is replaced by a link to it (one copy of equal outputs).
    /// </summary>
    internal string Put(string file, string hash)
    {
        var blob = PathOf(hash);
        if (Verify(hash))
        {
            if (_links.Types[0] != LinkType.Copy && !SameFile(blob, file)) Place(blob, file);
        }
        else
        {
            var type = Place(file, blob);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(blob, ReadOnly);
            if (type != LinkType.Hardlink) Trust(blob, hash); // a hard-linked blob is vouched for by its twin
        }
        Trust(file, hash);
        return hash;
    }

    /// <summary>
    /// True when the blob exists and its bytes (or unchanged stat) vouch for its name. A <paramref name="twin"/> is a
    /// workspace file already trusted to hold these bytes: when the blob is a hard link to it (the very same stat,
    /// ctime included, which any write, chmod, link or unlink moves), the blob needs no check or state entry of its own.
    /// </summary>
    public bool Verify(string hash, string? twin = null) => Verify(hash, twin is null ? null : FileStat.Of(twin));

    /// <param name="twin">The stat of the trusted workspace file, as it was when trusted.</param>
    internal bool Verify(string hash, FileStat? twin)
    {
        var path = PathOf(hash);
        if (!_verify && twin is { Inode: not 0 } && FileStat.Of(path) == twin) return true;
        var actual = _verify ? HashIfExists(path) : _state!.HashOf(path, path, ContentHash.OfFile);
        if (actual is null) return false;
        if (actual == hash) return true;
        _state?.Forget(path);
        File.Delete(path);
        return false;
    }

    /// <summary>
    /// Moves <paramref name="file"/>, whose bytes the caller has just hashed to <paramref name="hash"/> (e.g. a download
    /// from a remote build cache), into the store as that blob.
    /// </summary>
    internal void AddVerified(string file, string hash)
    {
        var blob = PathOf(hash);
        AtomicFile.EnsureDirectory(Path.GetDirectoryName(blob)!);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, ReadOnly);
        File.Move(file, blob, overwrite: true);
        Trust(blob, hash);
    }

    /// <summary>Puts a verified blob at <paramref name="destination"/> atomically (a link where allowed).</summary>
    public void Restore(string hash, string destination)
    {
        Place(PathOf(hash), destination);
        Trust(destination, hash);
    }

    /// <summary>The hash of a workspace file: by its recorded stat when trusted, else by reading it; null when absent.</summary>
    internal string? HashOfFile(string path) => HashOfFile(path, out _);

    /// <inheritdoc cref="HashOfFile(string)"/>
    /// <param name="trusted">True when the state cache now holds this hash for <paramref name="stat"/>: the bytes
    /// were hashed under that very stat, or were recorded so before.</param>
    internal string? HashOfFile(string path, out FileStat? stat, out bool trusted) => HashOfFile(path, ContentHash.OfFile, out stat, out trusted);

    /// <inheritdoc cref="HashOfFile(string, out FileStat?, out bool)"/>
    /// <param name="compute">Hashes the file when it must be read (the default: <see cref="ContentHash.OfFile"/>).</param>
    internal string? HashOfFile(string path, Func<string, string> compute, out FileStat? stat, out bool trusted)
    {
        var hash = HashOfFile(path, compute, out stat);
        trusted = hash is not null && !_verify && _state is not null && stat is { } s && _state.Lookup(path, s) == hash;
        return hash;
    }

    /// <inheritdoc cref="HashOfFile(string)"/>
    internal string? HashOfFile(string path, out FileStat? stat) => HashOfFile(path, ContentHash.OfFile, out stat);

    private string? HashOfFile(string path, Func<string, string> compute, out FileStat? stat)
    {
        if (!_verify && _state is not null) return _state.HashOf(path, path, compute, out stat);
        stat = FileStat.Of(path);
        return HashIfExists(path, compute);
    }

    private static string? HashIfExists(string path, Func<string, string>? compute = null)
    {
        try
        {
            return (compute ?? ContentHash.OfFile)(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    // Builds the link or copy beside the destination, then renames it over: never a half-written destination.
    private LinkType Place(string source, string destination)
    {
        string? temp = AtomicFile.TempPathFor(destination);
        var directory = Path.GetDirectoryName(temp)!;
        // A mkdir per blob that finds its folder there is ~20 µs and locks the parent: once per folder instead.
        AtomicFile.EnsureDirectory(directory);
        // A new hard link is atomic by itself: no temporary name and rename (one rename fewer per stored output).
        if (_links.TryHardLinkNew(source, destination)) return LinkType.Hardlink;
        try
        {
            LinkType type;
            try
            {
                type = _links.Create(source, temp);
            }
            catch (IOException) when (!Directory.Exists(directory))
            {
                AtomicFile.EnsureDirectory(directory, again: true); // deleted since this process made it (e.g. gc)
                type = _links.Create(source, temp);
            }
            File.Move(temp, destination, overwrite: true);
            temp = null;
            return type;
        }
        finally
        {
            if (temp is not null) AtomicFile.DeleteIfPresent(temp);
        }
    }

    private void Trust(string path, string hash)
    {
        if (_state is not null && FileStat.Of(path) is { } stat) _state.Record(path, stat, hash, trusted: true);
    }

    private static bool SameFile(string a, string b) =>
        FileStat.Of(a) is { Inode: not 0 } x && FileStat.Of(b) is { } y && x.Inode == y.Inode;
}
