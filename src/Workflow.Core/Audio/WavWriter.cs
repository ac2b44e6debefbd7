using System.Buffers.Binary;
using System.Text;

namespace Workflow.Audio;

/// <summary>
/// Writes WAV files in every layout <see cref="WavReader"/> reads. Samples are doubles in [-1, 1); integer formats
/// round to nearest and clip to the format's range, using the same full-scale values the reader divides by, so a
/// value that is a multiple of one quantisation step survives a write/read round trip exactly.
/// Float formats get an 18-byte fmt chunk and a <c>fact</c> chunk, as the WAVE spec asks of non-PCM data.
/// </summary>
public static class WavWriter
{
    /// <summary>Writes a mono clip.</summary>
    public static void Write(string path, AudioClip clip, WavSampleFormat sampleFormat = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(clip);
        using var file = File.Create(path);
        Write(file, [clip.Samples.ToArray()], clip.SampleRate, sampleFormat);
    }

    /// <summary>Writes one array per channel (all the same length), interleaved.</summary>
    /// <param name="extensible">Write a WAVE_FORMAT_EXTENSIBLE fmt chunk (0xFFFE plus sub-format GUID).</param>
    public static void Write(
        Stream stream, IReadOnlyList<double[]> channels, int sampleRate, WavSampleFormat sampleFormat = WavSampleFormat.Pcm16,
        bool extensible = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var frames = channels[0].Length;
        if (channels.Any(c => c.Length != frames))
        {
            throw new ArgumentException("every channel must have the same number of samples", nameof(channels));
        }

        var format = new WavFormat(sampleFormat, channels.Count, sampleRate);
        var fmt = FmtBody(format, extensible);
        var dataSize = (long)frames * format.BlockAlign;
        var fact = format.IsFloat || extensible ? 12 : 0;
        var riffSize = 4 + (8 + fmt.Length) + fact + 8 + dataSize + (dataSize & 1);
        if (riffSize > uint.MaxValue)
        {
            throw new ArgumentException("too much audio for one WAV file (4 GiB)", nameof(channels));
        }

        using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        writer.Write("RIFF"u8);
        writer.Write((uint)riffSize);
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(fmt.Length);
        writer.Write(fmt);
        if (fact > 0)
        {
            writer.Write("fact"u8);
            writer.Write(4);
            writer.Write((uint)frames);
        }

        writer.Write("data"u8);
        writer.Write((uint)dataSize);
        var sample = new byte[format.BytesPerSample];
        for (var i = 0; i < frames; i++)
        {
            foreach (var channel in channels)
            {
                Encode(channel[i], sampleFormat, sample);
                writer.Write(sample);
            }
        }

        if ((dataSize & 1) == 1)
        {
            writer.Write((byte)0);
        }
    }

    private static byte[] FmtBody(WavFormat format, bool extensible)
    {
        var body = new byte[extensible ? 40 : format.IsFloat ? 18 : 16];
        var span = body.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, extensible ? WavFormat.ExtensibleCode : format.FormatCode);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)format.Channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], format.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], format.SampleRate * format.BlockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], (ushort)format.BlockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], (ushort)(8 * format.BytesPerSample));
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(span[18..], (ushort)(8 * format.BytesPerSample));
            BinaryPrimitives.WriteUInt32LittleEndian(span[20..], format.Channels < 32 ? (1u << format.Channels) - 1 : 0);
            // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000xxxx-0000-0010-8000-00AA00389B71}, code in the first two bytes.
            BinaryPrimitives.WriteUInt16LittleEndian(span[24..], format.FormatCode);
            new byte[] { 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71 }.CopyTo(span[26..]);
        }

        return body;
    }

    private static void Encode(double value, WavSampleFormat format, Span<byte> bytes)
    {
        switch (format)
        {
            case WavSampleFormat.Pcm8:
                bytes[0] = (byte)(Quantise(value, 128.0, -128, 127) + 128);
                break;
            case WavSampleFormat.Pcm16:
                BinaryPrimitives.WriteInt16LittleEndian(bytes, (short)Quantise(value, 32768.0, short.MinValue, short.MaxValue));
                break;
            case WavSampleFormat.Pcm24:
                var v = (int)Quantise(value, 8388608.0, -8388608, 8388607);
                bytes[0] = (byte)v;
                bytes[1] = (byte)(v >> 8);
                bytes[2] = (byte)(v >> 16);
                break;
            case WavSampleFormat.Pcm32:
                BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)Quantise(value, 2147483648.0, int.MinValue, int.MaxValue));
                break;
            case WavSampleFormat.Float32:
                BinaryPrimitives.WriteSingleLittleEndian(bytes, (float)value);
                break;
            case WavSampleFormat.Float64:
                BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    private static long Quantise(double value, double fullScale, long min, long max) =>
        Math.Clamp((long)Math.Round(value * fullScale, MidpointRounding.ToEven), min, max);
}
