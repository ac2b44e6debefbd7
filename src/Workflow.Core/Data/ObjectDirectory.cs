using Workflow.Cache;

namespace Workflow.Data;

/// <summary>
/// A content-addressed object directory in DVC 3.x layout, used both for a local cache (.dvc/cache) and for a
/// local remote.
/// </summary>
/// <remarks>
/// Layout: <c>&lt;root&gt;/files/md5/&lt;first 2 hex&gt;/&lt;other 30 hex&gt;</c>, e.g. the object of a file holding
/// "foo" is <c>files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8</c>; a directory listing keeps its ".dir" suffix
/// (<c>files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir</c>) and holds the bytes of <see cref="DirListing"/>.
/// Objects are written atomically and checked on every read: one whose bytes do not hash to its name is
/// <see cref="ObjectStatus.Corrupt"/>, a miss, never data.
/// </remarks>
public sealed class ObjectDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string PathFor(string md5)
    {
        if (!Md5.IsValid(md5))
        {
            throw new ArgumentException($"'{md5}' is not an MD5 (32 lowercase hex digits, optionally '.dir').", nameof(md5));
        }

        return Path.Combine(Root, "files", "md5", md5[..2], md5[2..]);
    }

    /// <summary>Whether an object by that name exists, without reading it (see <see cref="Verify"/>).</summary>
    public bool Contains(string md5) => File.Exists(PathFor(md5));

    public ObjectStatus Verify(string md5)
    {
        var path = PathFor(md5);
        if (!File.Exists(path))
        {
            return ObjectStatus.Missing;
        }

        return Md5.OfFile(path) == HexOf(md5) ? ObjectStatus.Present : ObjectStatus.Corrupt;
    }

    /// <summary>Stores a file's bytes under their MD5 (kept if already present and intact) and returns the MD5.</summary>
    public string Add(string sourceFile)
    {
        var md5 = Md5.OfFile(sourceFile);
        if (Verify(md5) == ObjectStatus.Present)
        {
            return md5;
        }

        var path = PathFor(md5);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, Md5.BufferSize);
        var actual = AtomicFile.CopyVerified(source, path, md5, overwrite: true);
        if (actual is not null)
        {
            throw new WorkflowException(
                $"{sourceFile} changed while it was being stored in {Root} (its md5 was {md5}, then {actual}); "
                + "make sure nothing is writing to it and try again.");
        }

        return md5;
    }

    /// <summary>
    /// Stores a file whose MD5 is already known (from the state cache) unless an object of that name and size is
    /// there: existence is trusted as in DVC, and every read verifies anyway. Returns whether it was stored.
    /// </summary>
    internal bool AddKnown(string sourceFile, string md5, long size)
    {
        var path = PathFor(md5);
        var existing = new FileInfo(path);
        if (existing.Exists && existing.Length == size)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, Md5.BufferSize);
        var actual = AtomicFile.CopyVerified(source, path, md5, overwrite: true);
        if (actual is not null)
        {
            throw new WorkflowException(
                $"{sourceFile} changed while it was being stored in {Root} (its md5 was {md5}, then {actual}); "
                + "make sure nothing is writing to it and try again.");
        }

        return true;
    }

    /// <summary>
    /// Stores bytes read from <paramref name="source"/> under <paramref name="md5"/> only if they hash to it; the
    /// object appears whole (renamed from a temporary file beside it) or not at all. Returns null when stored,
    /// otherwise the MD5 the bytes really have.
    /// </summary>
    internal string? TryAdd(string md5, Stream source)
    {
        var path = PathFor(md5);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return AtomicFile.CopyVerified(source, path, HexOf(md5), overwrite: true);
    }

    /// <summary>Stores a directory listing under its ".dir" name (kept if already present and intact).</summary>
    public void Add(DirListing listing)
    {
        if (Verify(listing.Md5) == ObjectStatus.Present)
        {
            return;
        }

        var path = PathFor(listing.Md5);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllBytes(path, listing.ToBytes());
    }

    /// <summary>
    /// Opens an object for reading; reading it to the end throws <see cref="WorkflowException"/> when it is corrupt.
    /// </summary>
    public Stream OpenRead(string md5)
    {
        var path = PathFor(md5);
        if (!File.Exists(path))
        {
            throw new WorkflowException(
                $"Object {md5} is not in {Root}; push the data again from a machine that has it.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, Md5.BufferSize);
        return new VerifyingStream(stream, HexOf(md5), actual => CorruptError(md5, actual));
    }

    public ObjectStatus TryReadAllBytes(string md5, out byte[] bytes)
    {
        bytes = [];
        var path = PathFor(md5);
        if (!File.Exists(path))
        {
            return ObjectStatus.Missing;
        }

        var read = File.ReadAllBytes(path);
        if (Md5.OfBytes(read) != HexOf(md5))
        {
            return ObjectStatus.Corrupt;
        }

        bytes = read;
        return ObjectStatus.Present;
    }

    /// <summary>
    /// Copies an object to <paramref name="destinationFile"/> through a temporary file next to it, which becomes the
    /// destination only once its bytes are verified. Never overwrites: an existing destination fails with
    /// <see cref="IOException"/>. Missing or corrupt objects leave the destination untouched.
    /// </summary>
    public ObjectStatus TryCopyTo(string md5, string destinationFile)
    {
        var path = PathFor(md5);
        if (!File.Exists(path))
        {
            return ObjectStatus.Missing;
        }

        using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, Md5.BufferSize);
        return AtomicFile.CopyVerified(source, destinationFile, HexOf(md5), overwrite: false) is null
            ? ObjectStatus.Present
            : ObjectStatus.Corrupt;
    }

    internal WorkflowException CorruptError(string md5, string actual) => new(
        $"Object {md5} in {Root} is corrupt: its bytes hash to {actual}, and an object whose bytes do not match its "
        + $"name is never used. Delete {PathFor(md5)} and push the data again from a machine that has it.");

    internal static string HexOf(string md5) => Md5.IsDir(md5) ? md5[..^Md5.DirSuffix.Length] : md5;
}
