namespace Workflow.Cache;

/// <summary>
/// Content-addressed blobs at <c>&lt;root&gt;/&lt;first 2 hex&gt;/&lt;other 62 hex&gt;</c>, named by their SHA-256.
/// A blob is trusted only after its bytes hash to its name; a corrupt blob is deleted and reported as missing.
/// </summary>
public sealed class ObjectStore(string root)
{
    public string Root { get; } = root;

    public string PathOf(string hash) => Path.Combine(Root, hash[..2], hash[2..]);

    /// <summary>Stores a copy of <paramref name="file"/> and returns its hash.</summary>
    public string Put(string file)
    {
        var hash = ContentHash.OfFile(file);
        if (!File.Exists(PathOf(hash))) AtomicFile.Copy(file, PathOf(hash));
        return hash;
    }

    /// <summary>True when the blob exists and its bytes still hash to its name.</summary>
    public bool Verify(string hash)
    {
        var path = PathOf(hash);
        if (!File.Exists(path)) return false;
        if (ContentHash.OfFile(path) == hash) return true;
        File.Delete(path);
        return false;
    }

    /// <summary>Copies a verified blob to <paramref name="destination"/> atomically.</summary>
    public void Restore(string hash, string destination) => AtomicFile.Copy(PathOf(hash), destination);
}
