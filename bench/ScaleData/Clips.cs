using System.Buffers.Binary;
using System.Globalization;

namespace ScaleData;

/// <summary>
/// Clip <c>index</c> of a set: its class (index mod classes), split (every tenth round of classes is test: exactly
/// 10 %) and bytes, a function of (seed, index, variant) only, so the set is identical on every run and any one clip
/// can be rewritten alone. Each clip is one second of 16-bit mono PCM at 16 kHz: a random recording of its class
/// (from its split's recordings) placed at a random offset in the window (cropped at a random point if longer),
/// scaled to a random peak level, plus low random noise, so no two files are equal.
/// </summary>
public sealed class Clips(Sources sources, int seed)
{
    public const int Rate = 16000;
    private const int HeaderBytes = 44;
    public const int FileBytes = HeaderBytes + 2 * Rate;

    public string Class(int index) => sources.Classes[index % sources.Classes.Length];

    public bool IsTest(int index) => index / sources.Classes.Length % 10 == 0;

    public string RelativePath(int index) =>
        $"{(IsTest(index) ? "test" : "train")}/{Class(index)}/clip_{index.ToString("D6", CultureInfo.InvariantCulture)}.wav";

    /// <summary>Fills <paramref name="file"/> (<see cref="FileBytes"/> long) with clip <paramref name="index"/>.</summary>
    public void Render(int index, int variant, byte[] file)
    {
        var state = Mix((ulong)(uint)seed, (ulong)index, (ulong)variant);
        var random = new Random((int)(state >> 33));
        var pool = (IsTest(index) ? sources.Test : sources.Train)[index % sources.Classes.Length];
        var source = pool[random.Next(pool.Length)];
        // Placement: a short recording starts anywhere it fits; a long one is cropped from anywhere.
        var start = source.Length <= Rate ? random.Next(Rate - source.Length + 1) : 0;
        var crop = source.Length > Rate ? random.Next(source.Length - Rate + 1) : 0;
        var length = Math.Min(source.Length, Rate);
        var peak = 0f;
        for (var i = 0; i < length; i++) peak = Math.Max(peak, Math.Abs(source[crop + i]));
        var gain = Math.Pow(10, (-20 + 19 * random.NextDouble()) / 20) / Math.Max(peak, 1e-6); // peak at -20..-1 dBFS
        var noise = Math.Pow(10, (-70 + 20 * random.NextDouble()) / 20); // -70..-50 dBFS, triangular
        var noiseState = state | 1;

        WriteHeader(file);
        var data = file.AsSpan(HeaderBytes);
        for (var n = 0; n < Rate; n++)
        {
            var s = n >= start && n < start + length ? gain * source[crop + n - start] : 0.0;
            s += noise * (Uniform(ref noiseState) + Uniform(ref noiseState) - 1.0);
            var q = Math.Clamp(Math.Round(s * 32768.0), short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(data[(2 * n)..], (short)q);
        }
    }

    private static void WriteHeader(Span<byte> h)
    {
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], FileBytes - 8);
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], 1); // mono
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], Rate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], 2 * Rate);
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 16);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], 2 * Rate);
    }

    /// <summary>xorshift64*, as a double in [0, 1).</summary>
    private static double Uniform(ref ulong x)
    {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        return ((x * 0x2545F4914F6CDD1DUL) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>splitmix64 over the three numbers: nearby inputs give unrelated states.</summary>
    private static ulong Mix(params ulong[] values)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (var v in values)
        {
            h += v + 0x9E3779B97F4A7C15UL;
            var z = h;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            h = z ^ (z >> 31);
        }
        return h;
    }
}
