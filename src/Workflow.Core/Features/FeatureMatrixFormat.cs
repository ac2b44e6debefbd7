using System.Buffers.Binary;
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

    public static void Write(FeatureMatrix matrix, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = new byte[HeaderSize + 8L * matrix.Values.Length + 8];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], matrix.Rows);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], matrix.Columns);
        var payload = span.Slice(HeaderSize, 8 * matrix.Values.Length);
        for (var i = 0; i < matrix.Values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(payload[(8 * i)..], matrix.Values[i]);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(span[(HeaderSize + payload.Length)..], Fnv1a(payload));
        stream.Write(bytes);
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

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
