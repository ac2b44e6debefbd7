using System.Buffers.Binary;
using System.IO.Compression;

namespace Workflow.Cache;

/// <summary>
/// How the build's own bookkeeping (the state cache and the unit histories, see <see cref="Shards"/>) is stored:
/// its text compressed with Brotli at the fastest setting. Those files are mostly hex digests and repeated paths, and
/// at 100,000 units they were ~100 MB beside 1 GB of features; packed they keep 30–40 % of their bytes, at ~4 ms
/// a megabyte to pack and ~2 to unpack on one core.
/// </summary>
/// <remarks>
/// Layout: <c>WFBR</c>, the unpacked length and the packed length (64-bit little-endian each), the Brotli stream, then
/// any plain bytes appended after it (the run cache appends its new lines so until it packs them too). A file without
/// that prefix is read as it is: plain text, as earlier versions wrote it (and as a test or a person may write it).
/// </remarks>
internal static class PackedFile
{
    private const int Quality = 1; // the fastest, and on this text also the smallest of qualities 1–5 (measured)
    private const int Window = 22;
    private const int Prefix = 20;

    private static ReadOnlySpan<byte> Magic => "WFBR"u8;

    /// <summary>The file's text, unpacked; throws what <see cref="File.ReadAllBytes"/> throws, and
    /// <see cref="InvalidDataException"/> when packed bytes are damaged.</summary>
    public static byte[] Read(string path) => Unpack(File.ReadAllBytes(path), path);

    public static byte[] Unpack(byte[] bytes, string name)
    {
        if (!bytes.AsSpan().StartsWith(Magic)) return bytes;
        var length = bytes.Length < Prefix ? -1 : BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(4));
        var packed = bytes.Length < Prefix ? -1 : BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        // Brotli packs this text 3–4 times; a length far beyond that is a damaged prefix, not a reason to allocate.
        if (packed < 0 || packed > bytes.Length - Prefix || length < 0 || length > Math.Min(Array.MaxLength, 256L * packed + (1 << 20)))
            throw new InvalidDataException($"{name}: damaged packed file (lengths {length} and {packed}).");
        var tail = bytes.AsSpan(Prefix + (int)packed);
        var text = new byte[length + tail.Length];
        if (!BrotliDecoder.TryDecompress(bytes.AsSpan(Prefix, (int)packed), text, out var written) || written != length)
            throw new InvalidDataException($"{name}: damaged packed file (its Brotli stream does not give {length} bytes).");
        tail.CopyTo(text.AsSpan((int)length));
        return text;
    }

    public static byte[] Pack(ReadOnlySpan<byte> text)
    {
        var packed = new byte[Prefix + BrotliEncoder.GetMaxCompressedLength(text.Length)];
        Magic.CopyTo(packed);
        BinaryPrimitives.WriteInt64LittleEndian(packed.AsSpan(4), text.Length);
        if (!BrotliEncoder.TryCompress(text, packed.AsSpan(Prefix), out var written, Quality, Window))
            throw new InvalidOperationException("Brotli could not pack the bookkeeping text.");
        BinaryPrimitives.WriteInt64LittleEndian(packed.AsSpan(12), written);
        return packed[..(Prefix + written)];
    }

    /// <summary>Writes what <paramref name="write"/> produces, packed, atomically (<see cref="AtomicFile"/>).</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var text = new MemoryStream();
        write(text);
        var packed = Pack(text.GetBuffer().AsSpan(0, (int)text.Length));
        AtomicFile.Write(path, stream => stream.Write(packed), bufferSize: 0);
    }
}
