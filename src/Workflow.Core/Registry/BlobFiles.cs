namespace Workflow.Registry;

/// <summary>The files under <c>blobs/</c>: well-named blobs (<c>ab/cdef…</c>) and leftovers of interrupted writes.</summary>
internal static class BlobFiles
{
    public sealed record Blob(string Sha256, string Path, long Bytes);

    public static IReadOnlyList<Blob> List(string root) => Enumerate(root)
        .Where(f => IsBlobName(f.Sha256))
        .ToList();

    /// <summary>Temporary files left by a write that was killed mid-way (AtomicFile names them <c>.name.guid.tmp</c>).</summary>
    public static IReadOnlyList<Blob> Leftovers(string root) => Enumerate(root)
        .Where(f => !IsBlobName(f.Sha256))
        .ToList();

    private static IEnumerable<Blob> Enumerate(string root)
    {
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => new Blob(
                System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path)!) + System.IO.Path.GetFileName(path),
                path,
                new FileInfo(path).Length))
            .OrderBy(b => b.Path, StringComparer.Ordinal);
    }

    public static bool IsBlobName(string name) => name.Length == 64 && name.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
