using System.Buffers.Binary;
using static System.FormattableString;

namespace Workflow.Audio;

/// <summary>
/// Decodes the body of a <c>fmt </c> chunk into a <see cref="WavFormat"/>.
/// Layout (little-endian): format code u16, channels u16, sample rate u32, byte rate u32, block align u16,
/// bits per sample u16; WAVE_FORMAT_EXTENSIBLE adds cbSize u16, valid bits u16, channel mask u32 and a 16-byte
/// sub-format GUID whose first two bytes are the real format code.
/// </summary>
internal static class WavFmtChunk
{
    private const string Convert = "convert it to 16-bit PCM WAV (e.g. ffmpeg -i IN -c:a pcm_s16le OUT.wav)";

    public static WavFormat Parse(ReadOnlySpan<byte> body, string name)
    {
        if (body.Length < 16)
        {
            throw new WorkflowException(
                Invariant($"{name} has a 'fmt ' chunk of {body.Length} bytes, too short for a WAV format (16 bytes); re-export or re-download it."));
        }

        var code = BinaryPrimitives.ReadUInt16LittleEndian(body);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (code == WavFormat.ExtensibleCode)
        {
            if (body.Length < 40)
            {
                throw new WorkflowException(
                    Invariant($"{name} has a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of {body.Length} bytes, too short (40 bytes); re-export or re-download it."));
            }

            code = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
        }

        if (channels == 0)
        {
            throw new WorkflowException($"{name} declares 0 channels in its 'fmt ' chunk; the file is damaged, re-export it.");
        }

        if (sampleRate == 0 || sampleRate > int.MaxValue)
        {
            throw new WorkflowException(
                Invariant($"{name} declares a sample rate of {sampleRate} Hz in its 'fmt ' chunk; the file is damaged, re-export it."));
        }

        return new WavFormat(SampleFormat(code, bits, name), channels, (int)sampleRate);
    }

    private static WavSampleFormat SampleFormat(ushort code, ushort bits, string name)
    {
        switch (code)
        {
            case WavFormat.PcmCode:
                // Python's wave module (the reference) stores 12- or 20-bit audio in whole bytes and scales by the
                // container, so only the container size matters here.
                return ((bits + 7) / 8) switch
                {
                    1 => WavSampleFormat.Pcm8,
                    2 => WavSampleFormat.Pcm16,
                    3 => WavSampleFormat.Pcm24,
                    4 => WavSampleFormat.Pcm32,
                    _ => throw UnsupportedBits("integer PCM", bits, "8, 16, 24 or 32", name),
                };
            case WavFormat.IeeeFloatCode:
                return bits switch
                {
                    32 => WavSampleFormat.Float32,
                    64 => WavSampleFormat.Float64,
                    _ => throw UnsupportedBits("IEEE float", bits, "32 or 64", name),
                };
            default:
                throw new WorkflowException(
                    $"{name} uses format {WavFormatNames.Describe(code)}, which is not supported (only PCM and IEEE float); {Convert}.");
        }
    }

    private static WorkflowException UnsupportedBits(string kind, ushort bits, string supported, string name) =>
        new(Invariant($"{name} has an unsupported bit depth of {bits} bits for {kind} (supported: {supported}); {Convert}."));
}
