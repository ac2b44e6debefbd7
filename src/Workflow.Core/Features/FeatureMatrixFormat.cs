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
///   4       4  int32    format version (3)
///   8       4  int32    rows
///   12      4  int32    columns
///   16      4*r*c       float32 values, row-major (each computed double rounded to nearest, IEEE 754)
///   16+4rc  8  uint64   checksum of the value bytes (<see cref="Checksum"/>), so a flipped bit is caught rather than trained on
/// </code>
/// Version 1 had a byte-wise FNV-1a checksum: ~70 µs a file, read ~300,000 times in a cold 100,000-file build.
/// Version 2 held float64 values. Training has always held features in single precision, so version 3 stores them so:
/// half the bytes written, stored and read (a one-second clip's file 21,192 → 10,608 bytes), the same trained models.
/// </summary>
internal static class FeatureMatrixFormat
{
    public const int Version = 3;
    private const int HeaderSize = 16;
    private const int ValueSize = sizeof(float);

    /// <summary>The bytes of a file besides its values: the header and the checksum.</summary>
    public const int Overhead = HeaderSize + 8;
    private const string Fix = "delete it so it is recomputed";
    private static ReadOnlySpan<byte> Magic => "WFFM"u8;

    /// <summary>
    /// Builds the whole file in one pooled buffer (each value rounded to single precision) and writes it with one call.
    /// A finite value too large for single precision is refused rather than stored as an infinity.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(FeatureMatrix matrix, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var values = matrix.Values;
        var length = Overhead + (long)ValueSize * values.Length;
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
            var payload = span.Slice(HeaderSize, ValueSize * values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                var single = (float)values[i];
                if (float.IsInfinity(single) && double.IsFinite(values[i]))
                {
                    throw new ArgumentException(Invariant($"value {i} ({values[i]}) is too large for a feature file (single precision)"), nameof(matrix));
                }

                BinaryPrimitives.WriteSingleLittleEndian(payload[(ValueSize * i)..], single);
            }

            BinaryPrimitives.WriteUInt64LittleEndian(span[(HeaderSize + payload.Length)..], Checksum(payload));
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
        var (rows, columns) = Shape(header.AsSpan(0, got), name);
        var bodyLength = BodyLength(rows, columns);
        if (stream.CanSeek && stream.Length - stream.Position < bodyLength)
        {
            // Checked before allocating, so a corrupt header cannot make us allocate gigabytes.
            throw Truncated(name, rows, columns, HeaderSize + stream.Length - stream.Position);
        }

        var body = ArrayPool<byte>.Shared.Rent((int)bodyLength);
        try
        {
            var read = ReadFully(stream, body.AsSpan(0, (int)bodyLength));
            if (read < bodyLength)
            {
                throw Truncated(name, rows, columns, HeaderSize + read);
            }

            return Decode(body.AsSpan(0, (int)bodyLength), rows, columns, name);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>A whole feature file's bytes (anything after the checksum is ignored, as when read from a stream).</summary>
    public static FeatureMatrix Read(ReadOnlySpan<byte> file, string name)
    {
        var (rows, columns) = Shape(file[..Math.Min(file.Length, HeaderSize)], name);
        var bodyLength = BodyLength(rows, columns);
        if (file.Length - HeaderSize < bodyLength)
        {
            throw Truncated(name, rows, columns, file.Length);
        }

        return Decode(file.Slice(HeaderSize, (int)bodyLength), rows, columns, name);
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/> into a pooled buffer with one read: no stream, and only the values
    /// are allocated. Scoring reads 10,000 test files once per class model that changed.
    /// </summary>
    public static FeatureMatrix ReadFile(string path, string name)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            using var stream = new FileStream(handle, FileAccess.Read);
            return Read(stream, name);
        }

        var (bytes, got) = ReadRented(handle, (int)length);
        try
        {
            return Read(bytes.AsSpan(0, got), name);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// <see cref="ReadSingles"/> of the file at <paramref name="path"/>, read as <see cref="ReadFile"/> reads: into a
    /// pooled buffer, so Train's 9,000 files a class are not 140 MB of garbage (each collection that garbage triggers
    /// copies the build's bookkeeping).
    /// </summary>
    public static (int Rows, int Columns) ReadSinglesFile(string path, string name, Span<float> target)
    {
        using var handle = File.OpenHandle(path);
        var (bytes, got) = ReadRented(handle, (int)Math.Min(RandomAccess.GetLength(handle), Array.MaxLength));
        try
        {
            return ReadSingles(bytes.AsSpan(0, got), name, target);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // Up to length bytes from the start of the file, into an array rented from the shared pool (the caller returns it).
    private static (byte[] Rented, int Got) ReadRented(Microsoft.Win32.SafeHandles.SafeFileHandle handle, int length)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        var got = 0;
        int n;
        while (got < length && (n = RandomAccess.Read(handle, bytes.AsSpan(got, length - got), got)) > 0) got += n;
        return (bytes, got);
    }

    // Checks the header (got bytes of it) and returns the matrix's shape.
    private static (int Rows, int Columns) Shape(ReadOnlySpan<byte> header, string name)
    {
        if (header.Length >= 4 && !header[..4].SequenceEqual(Magic))
        {
            throw new WorkflowException($"{name} is not a feature matrix file (it does not start with 'WFFM'); {Fix}.");
        }

        if (header.Length < HeaderSize)
        {
            throw new WorkflowException(Invariant($"{name} is truncated: its header needs {HeaderSize} bytes but only {header.Length} are present; {Fix}."));
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (version != Version)
        {
            throw new WorkflowException(Invariant($"{name} is a feature matrix of format version {version}, but this build reads version {Version}; {Fix}."));
        }

        var rows = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var columns = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (rows < 0 || columns < 0 || (long)rows * columns > Array.MaxLength / 8)
        {
            throw new WorkflowException(Invariant($"{name} is corrupt (its header says {rows} x {columns}); {Fix}."));
        }

        return (rows, columns);
    }

    /// <summary>
    /// A whole feature file's values in single precision, as stored, into <paramref name="target"/> (which must hold
    /// exactly rows x columns values): what Train reads, without a double per value on the way.
    /// </summary>
    public static (int Rows, int Columns) ReadSingles(ReadOnlySpan<byte> file, string name, Span<float> target)
    {
        var (rows, columns) = Shape(file[..Math.Min(file.Length, HeaderSize)], name);
        var bodyLength = BodyLength(rows, columns);
        if (file.Length - HeaderSize < bodyLength)
        {
            throw Truncated(name, rows, columns, file.Length);
        }

        if ((long)rows * columns != target.Length)
        {
            throw new WorkflowException(Invariant($"{name} holds {rows} x {columns} values, not the {target.Length} its length said; it changed while it was read: build again."));
        }

        Singles(file.Slice(HeaderSize, (int)bodyLength), name, target);
        return (rows, columns);
    }

    /// <summary>How many values a current-version file of <paramref name="length"/> bytes holds (0 if it is too short to hold any).</summary>
    public static long ValuesIn(long length) => Math.Max(length - Overhead, 0) / ValueSize;

    private static long BodyLength(int rows, int columns) => (long)ValueSize * rows * columns + 8;

    // The values (4 bytes each, then the 8-byte checksum), checked, widened to doubles.
    private static FeatureMatrix Decode(ReadOnlySpan<byte> body, int rows, int columns, string name)
    {
        var count = rows * columns;
        var singles = count <= 4096 ? stackalloc float[count] : new float[count];
        Singles(body, name, singles);
        var values = new double[count];
        Training.VectorMath.Widen(singles, values);
        return FeatureMatrix.Wrap(rows, columns, values);
    }

    // Checks the checksum of body (the values, then the checksum) and copies the values out.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Singles(ReadOnlySpan<byte> body, string name, Span<float> target)
    {
        var payload = body[..^8];
        if (BinaryPrimitives.ReadUInt64LittleEndian(body[^8..]) != Checksum(payload))
        {
            throw new WorkflowException($"{name} is corrupt (its checksum does not match its values); {Fix}.");
        }

        if (BitConverter.IsLittleEndian)
        {
            payload.CopyTo(MemoryMarshal.AsBytes(target));
        }
        else
        {
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(ValueSize * i)..]);
            }
        }
    }

    private static WorkflowException Truncated(string name, int rows, int columns, long present) =>
        new(Invariant($"{name} is truncated: a {rows} x {columns} matrix needs {HeaderSize + BodyLength(rows, columns)} bytes but only {present} are present; {Fix}."));

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
    /// FNV-1a 64 over little-endian 64-bit words in four interleaved lanes (word i goes to lane i mod 4; each lane is
    /// hash = (hash ^ word) * prime from the FNV offset basis), then the lanes folded in order: h = basis, and for each
    /// lane h = (h ^ lane) * prime. Four independent multiply chains run ~40x faster than byte-wise FNV-1a; any length
    /// works (a last partial word is zero-padded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per feature file written or read: 300,000 times in a cold 100,000-file build
    internal static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        const ulong prime = 1099511628211UL;
        const ulong basis = 14695981039346656037UL;
        ulong a = basis, b = basis, c = basis, d = basis;
        var whole = bytes.Length / 8;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes[..(whole * 8)]);
        var i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            a = (a ^ Word(words[i])) * prime;
            b = (b ^ Word(words[i + 1])) * prime;
            c = (c ^ Word(words[i + 2])) * prime;
            d = (d ^ Word(words[i + 3])) * prime;
        }

        // What is left (up to three words and a zero-padded partial one) continues the lanes in order.
        Span<ulong> rest = stackalloc ulong[4];
        var n = 0;
        for (; i < words.Length; i++) rest[n++] = Word(words[i]);
        if (bytes.Length % 8 != 0)
        {
            Span<byte> last = stackalloc byte[8];
            last.Clear();
            bytes[(whole * 8)..].CopyTo(last);
            rest[n++] = BinaryPrimitives.ReadUInt64LittleEndian(last);
        }

        if (n > 0) a = (a ^ rest[0]) * prime;
        if (n > 1) b = (b ^ rest[1]) * prime;
        if (n > 2) c = (c ^ rest[2]) * prime;
        if (n > 3) d = (d ^ rest[3]) * prime;

        var h = basis;
        foreach (var lane in (ReadOnlySpan<ulong>)[a, b, c, d]) h = (h ^ lane) * prime;
        return h;
    }

    private static ulong Word(ulong native) => BitConverter.IsLittleEndian ? native : BinaryPrimitives.ReverseEndianness(native);
}
