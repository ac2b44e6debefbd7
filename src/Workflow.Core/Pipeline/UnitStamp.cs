using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// A digest of the stats of a unit's files as they were when its hashes were last known to hold: each input's name
/// and stat, each output's name, stat and link count, and — for an output that is not a hard link of its store blob —
/// the blob's stat. A unit whose stamp, stage version and parameters are unchanged is up to date without a single
/// file read or state-cache lookup: a no-op costs one stat per file.
/// </summary>
/// <remarks>
/// Why an output with two or more links vouches for its blob: the stamp is only recorded when that output and its blob
/// are one inode, and unlinking, renaming or linking either path changes the inode's ctime and link count (Linux),
/// which are in the stamp. An output that is a copy (or reflink) says nothing about its blob, so the blob's own stat
/// goes in. The stamp is as strong as the state cache's rule (same size, mtime, ctime and inode ⇒ same bytes), no
/// stronger: <c>--verify</c> ignores stamps and hashes everything again.
/// </remarks>
internal sealed class UnitStamp
{
    private const int Numbers = 36;
    // The bytes are hashed as they come once this many are waiting: a Train unit stamps ~9,000 files (~1 MB), and a
    // buffer grown to hold them all was a large-object allocation each time, which made full collections (~0.3 s of a
    // build where one recording changed). The digest is the same either way: SHA-256 of the bytes in order.
    private const int Chunk = 16 << 10;
    [ThreadStatic] private static byte[]? spare; // one buffer per thread: 100,000 stamps need not allocate 100,000
    private byte[] _bytes = Interlocked.Exchange(ref spare, null) ?? new byte[1024];
    private int _length;
    private bool _broken;
    private IncrementalHash? _hash; // only for a stamp of more than Chunk bytes

    /// <summary>Adds a file; a missing one (null stat) means the unit has no stamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per unit (see StageRunner.Run)
    public void Add(string name, FileStat? stat, uint links = 0)
    {
        if (stat is not { } s)
        {
            _broken = true;
            return;
        }

        var room = Encoding.UTF8.GetMaxByteCount(name.Length) + 1 + Numbers;
        if (_length + room > _bytes.Length) MakeRoom(room);
        var span = _bytes.AsSpan(_length);
        var written = Encoding.UTF8.GetBytes(name, span);
        span[written++] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(span[written..], s.Size);
        BinaryPrimitives.WriteInt64LittleEndian(span[(written + 8)..], s.MtimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(span[(written + 16)..], s.CtimeNs);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(written + 24)..], s.Inode);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(written + 32)..], links);
        _length += written + Numbers;
    }

    // Grows the buffer up to Chunk, then hashes what it holds and starts it again.
    private void MakeRoom(int room)
    {
        if (_bytes.Length < Chunk)
        {
            Array.Resize(ref _bytes, Math.Max(Math.Min(_bytes.Length * 2, Chunk), _length + room));
            return;
        }
        (_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256)).AppendData(_bytes, 0, _length);
        _length = 0;
        if (room > _bytes.Length) _bytes = new byte[room]; // one name longer than a chunk
    }

    /// <summary>Marks the stamp unusable, e.g. when a hash was not obtained under a stable stat.</summary>
    public void Break() => _broken = true;

    /// <summary>32 hex digits, or null when a file was missing or not trusted.</summary>
    public string? Finish()
    {
        Span<char> digits = stackalloc char[32];
        return Finish(digits) ? digits.ToString() : null;
    }

    /// <summary>Whether the stamp is <paramref name="recorded"/>, without making a string of it (a no-op asks 100,000 times).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Matches(string recorded)
    {
        Span<char> digits = stackalloc char[32];
        return Finish(digits) && digits.SequenceEqual(recorded);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Finish(Span<char> digits)
    {
        Span<byte> hash = stackalloc byte[32];
        if (_hash is { } pieces)
        {
            pieces.AppendData(_bytes, 0, _length);
            pieces.GetHashAndReset(hash);
            pieces.Dispose();
        }
        else if (!_broken)
        {
            SHA256.HashData(_bytes.AsSpan(0, _length), hash);
        }
        _hash = null;
        if (_bytes.Length <= 1 << 16) spare = _bytes;
        return !_broken && Convert.TryToHexStringLower(hash[..16], digits, out _);
    }

    /// <summary>True when an output with this link count stands for its blob (see remarks).</summary>
    public static bool VouchesForBlob(FileStat stat, uint links) => links >= 2 && stat.Inode != 0;
}
