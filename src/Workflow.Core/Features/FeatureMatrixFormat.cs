using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static System.FormattableString;

namespace Workflow.Features;

/// <summary>
/// The binary feature-matrix file, all little-endian, byte-for-byte deterministic for a given matrix:
/// <code>
///   offset  size        field
///   0       4           magic "WFFM"
///   4       4  int32    format version (1)
///   8       4  int32    rows
///   12      4  int32    columns
///   16      8*r*c       float64 values, row-major (IEEE 754 bits as computed)
///   16+8rc  8  uint64   FNV-1a 64 hash of the value bytes, so a flipped bit is caught rather than trained on
/// </code>
/// </summary>
internal static class FeatureMatrixFormat
{
    public const int Version = 1;
    private const int HeaderSize = 16;
    private const string Fix = "delete it so it is recomputed";
    private static ReadOnlySpan<byte> Magic => "WFFM"u8;

    /// <summary>
    /// Builds the whole file in one pooled buffer (the values copied as they are in memory on a little-endian machine)
    /// and writes it with one call.
    /// </summary>
    public static void Write(FeatureMatrix matrix, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var values = matrix.Values;
        var length = HeaderSize + 8L * values.Length + 8;
        if (length > Array.MaxLength)
        {
            throw new ArgumentException(Invariant($"a {matrix.Rows} x {matrix.Columns} matrix is too large for one feature file"), nameof(matrix));
        }

        var bytes = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var span = bytes.AsSpan(0, (int)length);
            Magic.CopyTo(span);
            BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
            BinaryPrimitives.WriteInt32LittleEndian(span[8..], matrix.Rows);
            BinaryPrimitives.WriteInt32LittleEndian(span[12..], matrix.Columns);
            var payload = span.Slice(HeaderSize, 8 * values.Length);
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(values).CopyTo(payload);
            }
            else
            {
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(payload[(8 * i)..], values[i]);
                }
            }

            BinaryPrimitives.WriteUInt64LittleEndian(span[(HeaderSize + payload.Length)..], Fnv1a(payload));
            stream.Write(span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public static FeatureMatrix Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[HeaderSize];
        var got = ReadFully(stream, header);
        if (got >= 4 && !header.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new WorkflowException($"{name} is not a feature matrix file (it does not start with 'WFFM'); {Fix}.");
        }

        if (got < HeaderSize)
        {
            throw Truncated(name, "its header", HeaderSize, got);
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        if (version != Version)
        {
            throw new WorkflowException(Invariant($"{name} is a feature matrix of format version {version}, but this build reads version {Version}; {Fix}."));
        }

        var rows = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        var columns = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        var count = (long)rows * columns;
        if (rows < 0 || columns < 0 || count > Array.MaxLength / 8)
        {
            throw new WorkflowException(Invariant($"{name} is corrupt (its header says {rows} x {columns}); {Fix}."));
        }

        var shape = Invariant($"a {rows} x {columns} matrix");
        var bodyLength = 8 * count + 8;
        if (stream.CanSeek && stream.Length - stream.Position < bodyLength)
        {
            // Checked before allocating, so a corrupt header cannot make us allocate gigabytes.
            throw Truncated(name, shape, HeaderSize + bodyLength, HeaderSize + stream.Length - stream.Position);
        }

        var body = new byte[bodyLength];
        var read = ReadFully(stream, body);
        if (read < body.Length)
        {
            throw Truncated(name, shape, HeaderSize + bodyLength, HeaderSize + read);
        }

        var payload = body.AsSpan(0, body.Length - 8);
        if (BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(payload.Length)) != Fnv1a(payload))
        {
            throw new WorkflowException($"{name} is corrupt (its checksum does not match its values); {Fix}.");
        }

        var values = new double[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(payload[(8 * i)..]);
        }

        return FeatureMatrix.Wrap(rows, columns, values);
    }

    private static WorkflowException Truncated(string name, string what, long expected, long present) =>
        new(Invariant($"{name} is truncated: {what} needs {expected} bytes but only {present} are present; {Fix}."));

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>
    /// FNV-1a 64 over the bytes: hash = (hash ^ b) * prime for each byte in order. Eight bytes are loaded at a time
    /// and folded in one by one (the chain itself is inherently sequential), without a bounds check per byte.
    /// </summary>
    internal static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        const ulong prime = 1099511628211UL;
        var hash = 14695981039346656037UL;
        var i = 0;
        ref var start = ref MemoryMarshal.GetReference(bytes);
        for (; i + 8 <= bytes.Length; i += 8)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref start, i), 8));
            hash = (hash ^ (word & 0xFF)) * prime;
            hash = (hash ^ ((word >> 8) & 0xFF)) * prime;
            hash = (hash ^ ((word >> 16) & 0xFF)) * prime;
            hash = (hash ^ ((word >> 24) & 0xFF)) * prime;
            hash = (hash ^ ((word >> 32) & 0xFF)) * prime;
            hash = (hash ^ ((word >> 40) & 0xFF)) * prime;
            hash = (hash ^ ((word >> 48) & 0xFF)) * prime;
            hash = (hash ^ (word >> 56)) * prime;
        }

        for (; i < bytes.Length; i++)
        {
            hash = (hash ^ bytes[i]) * prime;
        }

        return hash;
    }
}
