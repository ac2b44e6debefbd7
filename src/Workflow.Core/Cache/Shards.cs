using System.Globalization;
using System.Runtime.CompilerServices;

namespace Workflow.Cache;

/// <summary>
/// The build's large bookkeeping files — the state cache (<see cref="StateCache"/>) and each stage's unit history —
/// are each split into <see cref="Count"/> shards by a hash of the key (a path or a unit name): a directory holding
/// <c>00.br</c> … <c>3f.br</c> (<see cref="PackedFile"/>; only the shards that hold something). A build that changes a
/// few units rewrites the shards holding them (~0.5 MB each at 100,000 files), not 30 MB; a build that needs one entry
/// reads one shard.
/// </summary>
internal static class Shards
{
    public const int Count = 64;

    /// <summary>
    /// The shard of a key: FNV-1a over its UTF-16 code units, then MurmurHash3's finaliser (without it, keys that differ
    /// only in their last character, as class names "0" to "9" do, would all land in one shard), top six bits. The same
    /// on every machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per file and unit, 100,000s of times a build
    public static int Of(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key) hash = (hash ^ c) * 16777619u;
        hash ^= hash >> 16;
        hash *= 0x85ebca6bu;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35u;
        hash ^= hash >> 16;
        return (int)(hash >> 26);
    }

    public static string PathOf(string directory, int shard) =>
        Path.Combine(directory, shard.ToString("x2", CultureInfo.InvariantCulture) + ".br");

    /// <summary>The shard's text; null when it is absent, unreadable or damaged (a cache: its entries are misses).</summary>
    public static byte[]? TryRead(string path)
    {
        try
        {
            return PackedFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }
}
