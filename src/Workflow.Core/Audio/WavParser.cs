using System.Buffers.Binary;
using static System.FormattableString;
using System.Text;

namespace Workflow.Audio;

/// <summary>
/// Walks the RIFF chunks of a WAV file held in memory and finds its format and sample data.
/// Every malformed input becomes a <see cref="WorkflowException"/> naming the file; nothing here indexes past the
/// end of the buffer, so no raw exception escapes for bad bytes.
/// </summary>
internal static class WavParser
{
    private const string Reexport = "re-export or re-download it";

    public static WavLayout Parse(ReadOnlySpan<byte> bytes, string name)
    {
        CheckRiffHeader(bytes, name);
        WavFormat? format = null;
        var dataOffset = -1;
        var dataSize = 0L;
        var position = 12L;
        while (position + 8 <= bytes.Length)
        {
            var id = FourCc(bytes.Slice((int)position, 4));
            var size = (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice((int)position + 4, 4));
            var body = position + 8;
            var present = bytes.Length - body;
            if (id == "data")
            {
                if (size > present)
                {
                    throw new WorkflowException(
                        Invariant($"{name} is truncated: its data chunk declares {size} bytes but only {present} are present; {Reexport}."));
                }

                dataOffset = (int)body;
                dataSize = size;
            }
            else if (size > present)
            {
                // A damaged chunk after everything we need (e.g. a half-written trailing LIST) costs nothing.
                if (format is not null && dataOffset >= 0)
                {
                    break;
                }

                throw new WorkflowException(
                    Invariant($"{name} is truncated: its '{id}' chunk declares {size} bytes but only {present} are present; {Reexport}."));
            }
            else if (id == "fmt ")
            {
                format = WavFmtChunk.Parse(bytes.Slice((int)body, (int)size), name);
            }

            // RIFF chunks are word-aligned: an odd-sized body is followed by one pad byte that the size leaves out.
            position = body + size + (size & 1);
        }

        if (format is null)
        {
            throw new WorkflowException($"{name} has no 'fmt ' chunk, so its sample format is unknown; {Reexport}.");
        }

        if (dataOffset < 0)
        {
            throw new WorkflowException($"{name} has no 'data' chunk, so it holds no audio; {Reexport}.");
        }

        // A trailing partial frame is dropped, as Python's wave module (the reference) does.
        var frames = dataSize / format.BlockAlign;
        if (frames == 0)
        {
            throw new WorkflowException(Invariant($"{name} contains no audio samples (its data chunk has {dataSize} bytes); remove it or re-record it."));
        }

        return new WavLayout(format, dataOffset, (int)frames);
    }

    private static void CheckRiffHeader(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length == 0)
        {
            throw new WorkflowException($"{name} is empty (0 bytes); remove it or replace it with a WAV file.");
        }

        if (bytes.Length < 4 || FourCc(bytes[..4]) != "RIFF")
        {
            throw new WorkflowException(
                $"{name} is not a RIFF/WAVE file (starts with '{FourCc(bytes[..Math.Min(4, bytes.Length)])}'); remove it or convert it to WAV.");
        }

        if (bytes.Length < 12)
        {
            throw new WorkflowException(
                Invariant($"{name} is truncated: {bytes.Length} bytes is too short for a RIFF/WAVE header (12 bytes); {Reexport}."));
        }

        var form = FourCc(bytes.Slice(8, 4));
        if (form != "WAVE")
        {
            throw new WorkflowException(
                $"{name} is not a RIFF/WAVE file (it is a RIFF '{form}' file); remove it or convert it to WAV.");
        }
    }

    /// <summary>Four bytes as text for messages; bytes that are not printable ASCII show as '?'.</summary>
    private static string FourCc(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return text.ToString();
    }
}
