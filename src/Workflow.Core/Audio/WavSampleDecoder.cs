using System.Buffers.Binary;

namespace Workflow.Audio;

/// <summary>
/// Turns interleaved little-endian samples into mono doubles. Integer scaling matches the reference
/// (mfcc_ref.py): channels are averaged as raw integers, then divided by the full-scale value
/// (8-bit: (x - 128) / 128, 16-bit: / 2^15, 24-bit: / 2^23, 32-bit: / 2^31). Division by a power of two is exact,
/// so the result is bit-identical to numpy's.
/// </summary>
internal static class WavSampleDecoder
{
    public static double[] DecodeMono(ReadOnlySpan<byte> data, WavFormat format, int frameCount)
    {
        var channels = format.Channels;
        var width = format.BytesPerSample;
        var fullScale = FullScale(format.SampleFormat);
        var mono = new double[frameCount];
        var offset = 0;
        for (var i = 0; i < frameCount; i++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++)
            {
                sum += Sample(data.Slice(offset, width), format.SampleFormat);
                offset += width;
            }

            mono[i] = sum / channels / fullScale;
        }

        return mono;
    }

    private static double FullScale(WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm8 => 128.0,
        WavSampleFormat.Pcm16 => 32768.0,
        WavSampleFormat.Pcm24 => 8388608.0,
        WavSampleFormat.Pcm32 => 2147483648.0,
        _ => 1.0,
    };

    private static double Sample(ReadOnlySpan<byte> bytes, WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm8 => bytes[0] - 128,
        WavSampleFormat.Pcm16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        // Shift the three bytes to the top of an int and back down so the sign extends.
        WavSampleFormat.Pcm24 => (bytes[0] << 8 | bytes[1] << 16 | bytes[2] << 24) >> 8,
        WavSampleFormat.Pcm32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        WavSampleFormat.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
        WavSampleFormat.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
