using System.Buffers.Binary;
using static System.FormattableString;

namespace Workflow.Features;

/// <summary>
/// The note-sequence feature file of <c>features.kind = "pitch"</c>, all little-endian, deterministic:
/// <code>
///   offset  size        field
///   0       4           magic "WFNS"
///   4       4  int32    format version (1)
///   8       4  int32    notes n
///   12      4  int32    alphabet (features.pitch.bins, × 3 unless folded)
///   16      8  float64  tonic, Hz (0: nothing voiced)
///   24      8  float64  voiced fraction of the frames
///   32      4  int32    frames tracked
///   36      4  int32    1 if the tonic came from the recording's .tonic sidecar, 0 if estimated
///   40      4*n int32   the symbols, each in [0, alphabet)
///   40+4n   8  uint64   checksum of everything before it (<see cref="FeatureMatrixFormat.Checksum"/>)
/// </code>
/// </summary>
public static class NoteSequenceFormat
{
    public const int Version = 1;
    private const int HeaderSize = 40;
    private const string Fix = "delete it so it is recomputed";

    public static ReadOnlySpan<byte> Magic => "WFNS"u8;

    public static void Write(NoteSequence sequence, Stream stream)
    {
        var bytes = new byte[HeaderSize + 4 * sequence.Symbols.Length + 8];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], sequence.Symbols.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], sequence.Alphabet);
        BinaryPrimitives.WriteDoubleLittleEndian(span[16..], sequence.Tonic);
        BinaryPrimitives.WriteDoubleLittleEndian(span[24..], sequence.VoicedFraction);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], sequence.Frames);
        BinaryPrimitives.WriteInt32LittleEndian(span[36..], sequence.TonicGiven ? 1 : 0);
        for (var i = 0; i < sequence.Symbols.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(span[(HeaderSize + 4 * i)..], sequence.Symbols[i]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[^8..], FeatureMatrixFormat.Checksum(span[..^8]));
        stream.Write(span);
    }

    public static NoteSequence Read(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < HeaderSize + 8 || !file[..4].SequenceEqual(Magic))
            throw new WorkflowException($"{name} is not a note-sequence file (it does not start with 'WFNS' and a {HeaderSize}-byte header); {Fix}.");
        var version = BinaryPrimitives.ReadInt32LittleEndian(file[4..]);
        if (version != Version)
            throw new WorkflowException(Invariant($"{name} is a note-sequence file of format version {version}, but this build reads version {Version}; {Fix}."));
        var count = BinaryPrimitives.ReadInt32LittleEndian(file[8..]);
        var alphabet = BinaryPrimitives.ReadInt32LittleEndian(file[12..]);
        if (count < 0 || alphabet < 1 || file.Length < HeaderSize + 4L * count + 8)
            throw new WorkflowException(Invariant($"{name} is truncated or corrupt (its header says {count} notes of {alphabet} symbols in {file.Length} bytes); {Fix}."));
        var end = HeaderSize + 4 * count;
        if (BinaryPrimitives.ReadUInt64LittleEndian(file[end..]) != FeatureMatrixFormat.Checksum(file[..end]))
            throw new WorkflowException($"{name} is corrupt (its checksum does not match its contents); {Fix}.");
        var symbols = new int[count];
        for (var i = 0; i < count; i++)
        {
            symbols[i] = BinaryPrimitives.ReadInt32LittleEndian(file[(HeaderSize + 4 * i)..]);
            if ((uint)symbols[i] >= (uint)alphabet)
                throw new WorkflowException(Invariant($"{name} is corrupt (note {i} is symbol {symbols[i]}, outside 0…{alphabet - 1}); {Fix}."));
        }

        return new NoteSequence(
            symbols,
            alphabet,
            BinaryPrimitives.ReadDoubleLittleEndian(file[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(file[36..]) == 1,
            BinaryPrimitives.ReadDoubleLittleEndian(file[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(file[32..]));
    }
}
