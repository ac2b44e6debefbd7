using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using MathNet.Numerics.IntegralTransforms;
using NAudio.Wave;
using Workflow;
using Workflow.Audio;
using Workflow.Features;
using Workflow.Tests.Fixtures;

namespace FeatureBench;

/// <summary>Our RealFft and WavReader against FftSharp, MathNet.Numerics and NAudio, on what feature extraction does.</summary>
internal static class Components
{
    /// <summary>
    /// One-sided spectrum of a real frame at the sizes MfccOptions gives (25 ms frames: 256 points at 8 kHz, 512 at
    /// 16 kHz), each library used the fastest way it offers for that, and the largest difference of its power spectrum
    /// from ours.
    /// </summary>
    public static int Fft()
    {
        Console.WriteLine(Invariant($"{"size",5} {"implementation",-52} {"ns/op",8} {"cpu ns/op",9} {"x ours",7} {"max rel. diff of |X|^2",22}"));
        foreach (var size in new[] { 256, 512 })
        {
            var random = new Random(size);
            var signal = Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5).ToArray();
            var ours = new RealFft(size);
            var re = new double[ours.Bins];
            var im = new double[ours.Bins];
            ours.Forward(signal, re, im);
            var reference = Enumerable.Range(0, ours.Bins).Select(k => re[k] * re[k] + im[k] * im[k]).ToArray();

            var complex = new Complex[size];
            var packed = new double[size + 2];
            var candidates = new (string Name, Action Run, Func<double[]> Power)[]
            {
                ("Workflow RealFft.Forward (ours)", () => ours.Forward(signal, re, im),
                    () => Enumerable.Range(0, ours.Bins).Select(k => re[k] * re[k] + im[k] * im[k]).ToArray()),
                ("FftSharp FFT.ForwardReal (allocates its result)", () => FftSharp.FFT.ForwardReal(signal),
                    () => FftSharp.FFT.ForwardReal(signal).Select(c => c.Real * c.Real + c.Imaginary * c.Imaginary).ToArray()),
                ("FftSharp FFT.Forward(Span<Complex>), in place", () =>
                    {
                        for (var n = 0; n < size; n++)
                        {
                            complex[n] = new Complex(signal[n], 0.0);
                        }

                        FftSharp.FFT.Forward(complex.AsSpan());
                    },
                    () => complex.Take(size / 2 + 1).Select(c => c.Real * c.Real + c.Imaginary * c.Imaginary).ToArray()),
                ("MathNet Fourier.ForwardReal (packed, in place)", () =>
                    {
                        signal.CopyTo(packed, 0);
                        Fourier.ForwardReal(packed, size, FourierOptions.NoScaling);
                    },
                    () => Enumerable.Range(0, size / 2 + 1).Select(k => packed[2 * k] * packed[2 * k] + packed[2 * k + 1] * packed[2 * k + 1]).ToArray()),
            };

            double? oursNs = null;
            foreach (var (name, run, power) in candidates)
            {
                var (wall, cpu) = Time(run, 200_000);
                oursNs ??= cpu;
                run();
                var spectrum = power();
                var worst = spectrum.Select((p, k) => Math.Abs(p - reference[k]) / Math.Max(reference.Max() * 1e-12, reference[k])).Max();
                Console.WriteLine(Invariant($"{size,5} {name,-52} {wall,8:0} {cpu,9:0} {cpu / oursNs,7:0.00} {worst,22:0.0e0}"));
            }
        }

        return 0;
    }

    /// <summary>
    /// Decoding the 16-bit PCM clips under <paramref name="clipsDir"/> to mono doubles (file read included), then
    /// which of the layouts our tests cover NAudio's WaveFileReader reads, and with what result.
    /// </summary>
    public static int Wav(string clipsDir)
    {
        var clips = Directory.GetFiles(clipsDir, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var megabytes = clips.Sum(c => new FileInfo(c).Length) / 1e6;
        var candidates = new (string Name, Func<string, double[]?> Read)[]
        {
            ("Workflow WavReader.Read(path, rate, use) (pooled)", path => WavReader.Read(path, 16000, s => s.Length > 0 ? null : Array.Empty<double>())),
            ("Workflow WavReader.Read(path) -> AudioClip (new array)", path => WavReader.Read(path).Samples.Length > 0 ? null : []),
            ("NAudio WaveFileReader -> ToSampleProvider -> doubles", NAudioSamplesReused),
            ("NAudio WaveFileReader raw bytes, / 32768 by hand", NAudioRaw),
            ("NAudio ToSampleProvider, new arrays per file", NAudioSamples),
        };
        Console.WriteLine(Invariant($"{clips.Length} files, {megabytes:0.0} MB of 16-bit mono PCM (page cache warm), 1 thread:"));
        Console.WriteLine(Invariant($"  {"reader",-54} {"us/file",8} {"cpu us",7} {"MB/s",7} {"x ours",7}"));
        double? ours = null;
        foreach (var (name, read) in candidates)
        {
            foreach (var clip in clips.Take(200))
            {
                read(clip);
            }

            var best = (Wall: double.MaxValue, Cpu: double.MaxValue);
            for (var r = 0; r < 3; r++)
            {
                var cpu = ThreadCpu.Microseconds();
                var clock = Stopwatch.StartNew();
                foreach (var clip in clips)
                {
                    read(clip);
                }

                best = (Math.Min(best.Wall, clock.Elapsed.TotalMicroseconds / clips.Length), Math.Min(best.Cpu, (ThreadCpu.Microseconds() - cpu) / clips.Length));
            }

            ours ??= best.Cpu;
            Console.WriteLine(Invariant($"  {name,-54} {best.Wall,8:0.0} {best.Cpu,7:0.0} {megabytes / (best.Wall * clips.Length / 1e6),7:0} {best.Cpu / ours,7:0.00}"));
        }

        var same = clips.Take(100).All(c => WavReader.Read(c).Samples.SequenceEqual(NAudioSamples(c)));
        Console.WriteLine($"  NAudio's samples equal ours on the first 100 files: {same}");
        Console.WriteLine();
        Coverage();
        return 0;
    }

    /// <summary>NAudio's own conversion (ToSampleProvider: floats), mixed down to doubles as ours does.</summary>
    private static double[] NAudioSamples(string path)
    {
        using var reader = new WaveFileReader(path);
        return MixDown(reader, new float[(int)(reader.SampleCount * reader.WaveFormat.Channels)], new double[reader.SampleCount]);
    }

    [ThreadStatic]
    private static (float[] Floats, double[] Mono, byte[] Bytes)? buffers;

    /// <summary>As <see cref="NAudioSamples"/>, into buffers reused from file to file (as our pooled read does).</summary>
    private static double[]? NAudioSamplesReused(string path)
    {
        using var reader = new WaveFileReader(path);
        var b = buffers ??= (new float[1 << 16], new double[1 << 16], new byte[1 << 17]);
        MixDown(reader, b.Floats, b.Mono);
        return null;
    }

    private static double[] MixDown(WaveFileReader reader, float[] floats, double[] mono)
    {
        var provider = reader.ToSampleProvider();
        var channels = reader.WaveFormat.Channels;
        var length = (int)(reader.SampleCount * channels);
        var read = 0;
        int n;
        while (read < length && (n = provider.Read(floats.AsSpan(read, length - read))) > 0)
        {
            read += n;
        }

        var frames = read / channels;
        for (var i = 0; i < frames; i++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++)
            {
                sum += floats[i * channels + c];
            }

            mono[i] = sum / channels;
        }

        return mono.Length == frames ? mono : mono[..frames];
    }

    /// <summary>NAudio for the RIFF parsing only: its raw data bytes, converted by hand, buffers reused.</summary>
    private static double[]? NAudioRaw(string path)
    {
        using var reader = new WaveFileReader(path);
        var b = buffers ??= (new float[1 << 16], new double[1 << 16], new byte[1 << 17]);
        var bytes = b.Bytes.AsSpan(0, (int)reader.Length);
        reader.ReadExactly(bytes);
        for (var i = 0; i < bytes.Length / 2; i++)
        {
            b.Mono[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]) / 32768.0;
        }

        return null;
    }

    /// <summary>The layouts and damages tests/Workflow.Core.Tests/Audio covers, read by ours and by NAudio.</summary>
    private static void Coverage()
    {
        double[] values = [-1.0, -0.5, -1.0 / 128, 0.0, 0.25, 127.0 / 128];
        var cases = new List<(string Name, byte[] Bytes)>();
        foreach (var format in Enum.GetValues<WavSampleFormat>())
        {
            cases.Add(($"{format}", Wav([values], format, false)));
            cases.Add(($"{format}, WAVE_FORMAT_EXTENSIBLE", Wav([values], format, true)));
        }

        var mono16 = Wav([values], WavSampleFormat.Pcm16, false);
        cases.Add(("Pcm16, 3 channels", Wav([values, values, values.Reverse().ToArray()], WavSampleFormat.Pcm16, false)));
        cases.Add(("Pcm24, 2 channels", Wav([values, values.Reverse().ToArray()], WavSampleFormat.Pcm24, false)));
        cases.Add(("LIST chunk before data", RiffChunks.From(mono16).Insert(1, "LIST", new byte[9]).ToBytes()));
        cases.Add(("odd-sized unknown chunk + pad byte", RiffChunks.From(mono16).Insert(1, "junk", new byte[3]).ToBytes()));
        cases.Add(("data chunk before fmt", RiffChunks.From(mono16).Move("data", 0).ToBytes()));
        cases.Add(("trailing partial frame", RiffChunks.From(mono16).Replace("data", [.. RiffChunks.From(mono16).Chunks.Single(c => c.Id == "data").Body, 0x7F]).ToBytes()));
        cases.Add(("data chunk truncated", mono16[..^4]));
        cases.Add(("no data chunk", mono16[..36]));
        cases.Add(("MP3 format code (0x0055)", Patch(mono16, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), 0x55))));
        cases.Add(("0 channels", Patch(mono16, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), 0))));
        cases.Add(("empty file", []));

        Console.WriteLine("Format coverage: the layouts and damages tests/Workflow.Core.Tests/Audio covers (6 samples, multiples of 1/128)");
        Console.WriteLine(Invariant($"  {"case",-36} {"Workflow WavReader",-46} NAudio WaveFileReader + ToSampleProvider"));
        foreach (var (name, bytes) in cases)
        {
            double[]? ours = null;
            string oursText;
            try
            {
                ours = WavReader.Read(new MemoryStream(bytes), "x.wav").Samples.ToArray();
                oursText = Invariant($"{ours.Length} samples{(ours.SequenceEqual(values) ? ", exact" : "")}");
            }
            catch (WorkflowException e)
            {
                oursText = "error: " + Shorten(e.Message);
            }

            string theirs;
            try
            {
                var samples = NAudioOf(bytes);
                theirs = ours is null ? Invariant($"reads {samples.Length} samples, no error")
                    : samples.SequenceEqual(ours) ? "same samples"
                    : Invariant($"{samples.Length} samples, differ from ours");
            }
            catch (Exception e)
            {
                theirs = $"{e.GetType().Name}: {Shorten(e.Message)}";
            }

            Console.WriteLine(Invariant($"  {name,-36} {oursText,-46} {theirs}"));
        }

        static string Shorten(string message) => message.Length > 40 ? message[..37] + "..." : message;
    }

    private static double[] NAudioOf(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"featurebench-{Environment.ProcessId}.wav");
        File.WriteAllBytes(path, bytes);
        try
        {
            return NAudioSamples(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Wav(double[][] channels, WavSampleFormat format, bool extensible) =>
        RiffChunks.Wav(channels, 8000, format, extensible);

    private static byte[] Patch(byte[] wav, Action<byte[]> edit)
    {
        var copy = (byte[])wav.Clone();
        edit(copy);
        return copy;
    }

    private static (double Wall, double Cpu) Time(Action run, int iterations)
    {
        for (var i = 0; i < iterations / 10; i++)
        {
            run();
        }

        var best = (Wall: double.MaxValue, Cpu: double.MaxValue);
        for (var r = 0; r < 5; r++)
        {
            var cpu = ThreadCpu.Microseconds();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                run();
            }

            best = (Math.Min(best.Wall, clock.Elapsed.TotalNanoseconds / iterations), Math.Min(best.Cpu, (ThreadCpu.Microseconds() - cpu) * 1000 / iterations));
        }

        return best;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
