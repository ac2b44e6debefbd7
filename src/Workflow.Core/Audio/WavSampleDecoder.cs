using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Workflow.Audio;

/// <summary>
/// Turns interleaved little-endian samples into mono doubles. Integer scaling matches the reference
/// (mfcc_ref.py): channels are averaged as raw integers, then divided by the full-scale value
/// (8-bit: (x - 128) / 128, 16-bit: / 2^15, 24-bit: / 2^23, 32-bit: / 2^31). Division by a power of two is exact,
/// so the result is bit-identical to numpy's.
/// One loop per sample format (no per-sample dispatch); mono 16-bit PCM, the common case, converts eight samples at
/// a time where the CPU allows. Every path computes the same value: (0.0 + s0 + ... + s(c-1)) / channels / fullScale.
/// </summary>
internal static class WavSampleDecoder
{
    /// <summary>Decodes <c>mono.Length</c> frames from the start of <paramref name="data"/>.</summary>
    public static void DecodeMono(ReadOnlySpan<byte> data, WavFormat format, Span<double> mono)
    {
        var channels = format.Channels;
        var width = format.BytesPerSample;
        if ((long)mono.Length * channels * width > data.Length)
        {
            throw new ArgumentException($"{mono.Length} frames of {channels} x {width} bytes do not fit in {data.Length} bytes", nameof(data));
        }

        if (format.SampleFormat == WavSampleFormat.Pcm16 && channels == 1)
        {
            Pcm16Mono(data[..(2 * mono.Length)], mono);
            return;
        }

        var fullScale = FullScale(format.SampleFormat);
        switch (format.SampleFormat)
        {
            case WavSampleFormat.Pcm8: Decode<Pcm8>(data, channels, fullScale, mono); break;
            case WavSampleFormat.Pcm16: Decode<Pcm16>(data, channels, fullScale, mono); break;
            case WavSampleFormat.Pcm24: Decode<Pcm24>(data, channels, fullScale, mono); break;
            case WavSampleFormat.Pcm32: Decode<Pcm32>(data, channels, fullScale, mono); break;
            case WavSampleFormat.Float32: Decode<Float32>(data, channels, fullScale, mono); break;
            case WavSampleFormat.Float64: Decode<Float64>(data, channels, fullScale, mono); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format.SampleFormat, null);
        }
    }

    private static double FullScale(WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm8 => 128.0,
        WavSampleFormat.Pcm16 => 32768.0,
        WavSampleFormat.Pcm24 => 8388608.0,
        WavSampleFormat.Pcm32 => 2147483648.0,
        _ => 1.0,
    };

    /// <summary>The caller has checked that <paramref name="data"/> holds mono.Length frames of every channel.</summary>
    private static void Decode<T>(ReadOnlySpan<byte> data, int channels, double fullScale, Span<double> mono)
        where T : ISample
    {
        ref var source = ref MemoryMarshal.GetReference(data);
        nint offset = 0;
        for (var i = 0; i < mono.Length; i++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++)
            {
                sum += T.Read(ref Unsafe.Add(ref source, offset));
                offset += T.Width;
            }

            mono[i] = sum / channels / fullScale;
        }
    }

    /// <summary>
    /// s / 32768 for each sample: what Decode computes for one channel, since 0.0 + s = s and s / 1 = s exactly;
    /// multiplying by 2^-15 instead of dividing by 2^15 is exact too.
    /// </summary>
    private static void Pcm16Mono(ReadOnlySpan<byte> data, Span<double> mono)
    {
        const double step = 1.0 / 32768.0;
        var i = 0;
        if (BitConverter.IsLittleEndian && Avx.IsSupported)
        {
            ref var source = ref Unsafe.As<byte, short>(ref MemoryMarshal.GetReference(data));
            ref var target = ref MemoryMarshal.GetReference(mono);
            var scale = Vector256.Create(step);
            for (; i + 8 <= mono.Length; i += 8)
            {
                // Eight shorts, sign-extended to ints, converted to doubles four at a time (all exact).
                var shorts = Vector128.LoadUnsafe(ref source, (nuint)i);
                (Avx.ConvertToVector256Double(Vector128.WidenLower(shorts)) * scale).StoreUnsafe(ref target, (nuint)i);
                (Avx.ConvertToVector256Double(Vector128.WidenUpper(shorts)) * scale).StoreUnsafe(ref target, (nuint)(i + 4));
            }
        }

        for (; i < mono.Length; i++)
        {
            mono[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]) * step;
        }
    }

    private interface ISample
    {
        static abstract int Width { get; }

        static abstract double Read(ref byte bytes);
    }

    private readonly struct Pcm8 : ISample
    {
        public static int Width => 1;

        public static double Read(ref byte bytes) => bytes - 128;
    }

    private readonly struct Pcm16 : ISample
    {
        public static int Width => 2;

        public static double Read(ref byte bytes) => BinaryPrimitives.ReadInt16LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref bytes, 2));
    }

    private readonly struct Pcm24 : ISample
    {
        public static int Width => 3;

        // Shift the three bytes to the top of an int and back down so the sign extends.
        public static double Read(ref byte bytes) =>
            (bytes << 8 | Unsafe.Add(ref bytes, 1) << 16 | Unsafe.Add(ref bytes, 2) << 24) >> 8;
    }

    private readonly struct Pcm32 : ISample
    {
        public static int Width => 4;

        public static double Read(ref byte bytes) => BinaryPrimitives.ReadInt32LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref bytes, 4));
    }

    private readonly struct Float32 : ISample
    {
        public static int Width => 4;

        public static double Read(ref byte bytes) => BinaryPrimitives.ReadSingleLittleEndian(MemoryMarshal.CreateReadOnlySpan(ref bytes, 4));
    }

    private readonly struct Float64 : ISample
    {
        public static int Width => 8;

        public static double Read(ref byte bytes) => BinaryPrimitives.ReadDoubleLittleEndian(MemoryMarshal.CreateReadOnlySpan(ref bytes, 8));
    }
}
