using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Workflow.Audio;

namespace Workflow.Features;

/// <summary>
/// Computes MFCCs exactly as the reference (shared/reference/mfcc_ref.py) does, plus the optional extras of
/// <see cref="MfccOptions"/>: DC removal, pre-emphasis, framing (no centring), window, FFT, power spectrum,
/// HTK-mel filterbank, optional spectral subtraction of the utterance's background, natural log with floor (optionally
/// relative to the utterance's loudest energy), orthonormal DCT-II, lifter; then deltas and CMVN if asked.
/// The window, filterbank, FFT twiddles and DCT matrix are built once in the constructor for one sample rate.
/// Thread safety: an instance is immutable after construction and <see cref="Extract(ReadOnlySpan{double})"/> works
/// in per-thread scratch buffers (a few KB, reused for every frame and every call on that thread; pre-emphasis is
/// applied frame by frame, so no copy of the signal is made), so one extractor can serve many threads, e.g. from
/// Parallel.ForEach, without locks, and a call allocates only its result (and, with spectral subtraction or a dynamic
/// range, the utterance's mel energies, since those depend on the whole utterance).
/// Every step computes exactly what the straightforward loops compute, operation for operation in the same order, so
/// the features are identical to the bit (the feature files and their cache keys do not change with these speed-ups).
/// </summary>
public sealed class MfccExtractor
{
    private readonly double[] window;
    private readonly RealFft fft;
    private readonly MelFilterbank filterbank;
    private readonly CepstralTransform cepstrum;
    private readonly bool magnitude;
    private readonly double powerScale;
    private readonly double logFloor;

    public MfccExtractor(MfccOptions options, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(sampleRate);
        Options = options;
        SampleRate = sampleRate;
        FrameLength = options.FrameLength(sampleRate);
        HopLength = options.HopLength(sampleRate);
        window = WindowFunction.Create(options.Window, FrameLength, options.Periodic);
        fft = new RealFft(options.FftSize(sampleRate));
        filterbank = new MelFilterbank(
            sampleRate, fft.Size, options.NMels, options.Fmin, options.Fmax ?? sampleRate / 2.0, options.FbNorm == "slaney");
        cepstrum = new CepstralTransform(options.NMels, options.NMfcc, options.Lifter);
        magnitude = options.Magnitude;
        powerScale = options.PowerNorm == "nfft" ? 1.0 / fft.Size : 1.0;
        logFloor = options.LogFloor;
    }

    public MfccOptions Options { get; }

    public int SampleRate { get; }

    public int FrameLength { get; }

    public int HopLength { get; }

    public int FftSize => fft.Size;

    /// <summary>Columns of the output: nMfcc, or 3 nMfcc with deltas.</summary>
    public int Columns => Options.Deltas ? 3 * Options.NMfcc : Options.NMfcc;

    public FeatureMatrix Extract(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.SampleRate != SampleRate)
        {
            throw new ArgumentException(
                $"the clip is at {clip.SampleRate} Hz but this extractor was built for {SampleRate} Hz; read it with that target rate",
                nameof(clip));
        }

        return Extract(clip.Samples);
    }

    /// <param name="signal">Mono samples at <see cref="SampleRate"/>; at least one.</param>
    public FeatureMatrix Extract(ReadOnlySpan<double> signal)
    {
        if (signal.IsEmpty)
        {
            throw new ArgumentException("the signal has no samples", nameof(signal));
        }

        if (Options.TrimSilence)
        {
            var (start, length) = SilenceTrimmer.Find(signal, FrameLength, HopLength, Options.TrimThresholdDb);
            signal = signal.Slice(start, length);
        }

        var frames = FrameCount(signal.Length);
        var columns = Columns;
        var values = new double[frames * columns];
        var buffers = Scratch.For(fft.Size, fft.Bins, filterbank.Filters);
        var frame = buffers.Frame.AsSpan(0, fft.Size);
        var re = buffers.Re.AsSpan(0, fft.Bins);
        var im = buffers.Im.AsSpan(0, fft.Bins);
        var energies = buffers.Energies.AsSpan(0, filterbank.Filters);
        var mean = Options.RemoveDc ? Mean(signal) : 0.0;

        // With spectral subtraction or a dynamic range, what a frame becomes depends on the whole utterance (its
        // quietest frames, its loudest energy), so the energies of every frame are kept until that is known; without
        // either each frame goes straight on to its cepstrum.
        var wholeUtterance = Options.DynamicRangeDb is not null || Options.SpectralSubtraction is not null;
        var melEnergies = wholeUtterance ? buffers.MelEnergies(frames * filterbank.Filters) : default;
        var filled = fft.Size; // frame[filled..] is zero: the FFT padding, and the tail of a short last frame
        for (var f = 0; f < frames; f++)
        {
            // With padEnd and a hop longer than the frame, the last frame can start past the end: all padding.
            var start = f * HopLength;
            var available = Math.Clamp(signal.Length - start, 0, FrameLength);
            if (available > 0)
            {
                EmphasiseAndWindow(signal, start, frame[..available], mean);
            }

            if (filled > available)
            {
                frame[available..filled].Clear();
            }

            filled = available;
            fft.Forward(frame, re, im);
            Power(re, im);
            if (wholeUtterance)
            {
                filterbank.Apply(re, melEnergies.Slice(f * energies.Length, energies.Length));
                continue;
            }

            filterbank.Apply(re, energies);
            LogCepstrum(energies, logFloor, values.AsSpan(f * columns, cepstrum.Coefficients));
        }

        if (wholeUtterance)
        {
            if (Options.SpectralSubtraction is { } subtraction)
            {
                SpectralSubtraction.Apply(melEnergies, frames, energies.Length, subtraction, logFloor);
            }

            var floor = Options.DynamicRangeDb is { } range ? DynamicRangeFloor.Of(melEnergies, range, logFloor) : logFloor;
            for (var f = 0; f < frames; f++)
            {
                LogCepstrum(melEnergies.Slice(f * energies.Length, energies.Length), floor, values.AsSpan(f * columns, cepstrum.Coefficients));
            }
        }

        if (Options.Deltas)
        {
            DeltaFeatures.AppendInPlace(values, frames, cepstrum.Coefficients);
        }

        if (Options.Cmvn)
        {
            CepstralNormalization.Apply(values, frames, columns);
        }

        return FeatureMatrix.Wrap(frames, columns, values);
    }

    /// <summary>The floored natural log of <paramref name="energies"/> (in place), then its cepstrum.</summary>
    private void LogCepstrum(Span<double> energies, double floor, Span<double> coefficients)
    {
        for (var m = 0; m < energies.Length; m++)
        {
            energies[m] = Math.Log(Math.Max(energies[m], floor));
        }

        cepstrum.Apply(energies, coefficients);
    }

    private static double Mean(ReadOnlySpan<double> signal)
    {
        var sum = 0.0;
        foreach (var x in signal)
        {
            sum += x;
        }

        return sum / signal.Length;
    }

    /// <summary>
    /// frame[n] = y[start + n] * window[n] with the pre-emphasised signal y[0] = x[0] - mean,
    /// y[n] = (x[n] - mean) - a (x[n-1] - mean), computed here per frame rather than into a copy of the signal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmphasiseAndWindow(ReadOnlySpan<double> signal, int start, Span<double> frame, double mean)
    {
        var a = Options.Preemph;
        var current = signal.Slice(start, frame.Length);
        var w = window.AsSpan(0, frame.Length);
        var n = 0;
        if (start == 0)
        {
            frame[0] = (current[0] - mean) * w[0];
            n = 1;
        }

        if (a == 0.0)
        {
            for (; n < frame.Length; n++)
            {
                frame[n] = (current[n] - mean) * w[n];
            }

            return;
        }

        // previous[j] is the sample before current[n] for j = n - first. Four samples at a time where the machine has
        // vectors: each lane does the scalar loop's operations, so the same bits.
        var first = n;
        var previous = signal.Slice(start + first - 1, frame.Length - first);
        if (Vector256.IsHardwareAccelerated)
        {
            ref var x = ref MemoryMarshal.GetReference(current);
            ref var before = ref MemoryMarshal.GetReference(previous);
            ref var window = ref MemoryMarshal.GetReference(w);
            ref var output = ref MemoryMarshal.GetReference(frame);
            var (means, factor) = (Vector256.Create(mean), Vector256.Create(a));
            for (; n <= frame.Length - 4; n += 4)
            {
                var value = (Vector256.LoadUnsafe(ref x, (nuint)n) - means) - factor * (Vector256.LoadUnsafe(ref before, (nuint)(n - first)) - means);
                (value * Vector256.LoadUnsafe(ref window, (nuint)n)).StoreUnsafe(ref output, (nuint)n);
            }
        }

        for (; n < frame.Length; n++)
        {
            frame[n] = ((current[n] - mean) - a * (previous[n - first] - mean)) * w[n];
        }
    }

    /// <summary>re[k] becomes the power |X[k]|² (or the magnitude), times 1/nfft with powerNorm "nfft".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Power(Span<double> re, ReadOnlySpan<double> im)
    {
        im = im[..re.Length];
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Four bins at a time, each lane doing the scalar loop's operations (a vector square root is as exact).
            ref var real = ref MemoryMarshal.GetReference(re);
            ref var imaginary = ref MemoryMarshal.GetReference(im);
            var scale = Vector256.Create(powerScale);
            for (; k <= re.Length - 4; k += 4)
            {
                var (x, y) = (Vector256.LoadUnsafe(ref real, (nuint)k), Vector256.LoadUnsafe(ref imaginary, (nuint)k));
                var power = x * x + y * y;
                ((magnitude ? Vector256.Sqrt(power) : power) * scale).StoreUnsafe(ref real, (nuint)k);
            }
        }

        for (; k < re.Length; k++)
        {
            var power = re[k] * re[k] + im[k] * im[k];
            re[k] = (magnitude ? Math.Sqrt(power) : power) * powerScale;
        }
    }

    /// <summary>
    /// Per-thread working buffers (a few KB, and up to 1 MB of mel energies), so extracting a file allocates nothing but
    /// its result. One set per thread serves every extractor on it, grown to the largest FFT seen; Extract does not call
    /// out while using it.
    /// </summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? current;

        public double[] Frame { get; private set; } = [];

        public double[] Re { get; private set; } = [];

        public double[] Im { get; private set; } = [];

        public double[] Energies { get; private set; } = [];

        private double[] melEnergies = [];

        public static Scratch For(int fftSize, int bins, int filters)
        {
            var scratch = current ??= new Scratch();
            if (scratch.Frame.Length < fftSize)
            {
                scratch.Frame = new double[fftSize];
                scratch.Re = new double[bins];
                scratch.Im = new double[bins];
            }

            if (scratch.Energies.Length < filters)
            {
                scratch.Energies = new double[filters];
            }

            return scratch;
        }

        /// <summary>
        /// Room for every frame's mel energies, for the settings that need the whole utterance's before any cepstrum:
        /// kept for the next recording up to ~1 MB (a minute at a 10 ms hop and 16 filters), new beyond.
        /// </summary>
        public Span<double> MelEnergies(int count)
        {
            const int Kept = 1 << 17;
            if (count > Kept)
            {
                return new double[count];
            }

            if (melEnergies.Length < count)
            {
                melEnergies = new double[Math.Max(count, Math.Min(2 * melEnergies.Length, Kept))];
            }

            var room = melEnergies.AsSpan(0, count);
            room.Clear(); // as a new array: the filterbank writes every value, but that is not assumed
            return room;
        }
    }

    /// <summary>One frame for a signal no longer than a frame; otherwise whole hops, plus a padded partial one with padEnd.</summary>
    private int FrameCount(int samples)
    {
        if (samples <= FrameLength)
        {
            return 1;
        }

        var extra = samples - FrameLength;
        return 1 + (Options.PadEnd ? (extra + HopLength - 1) / HopLength : extra / HopLength);
    }
}
