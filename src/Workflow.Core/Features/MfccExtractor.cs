using Workflow.Audio;

namespace Workflow.Features;

/// <summary>
/// Computes MFCCs exactly as the reference (shared/reference/mfcc_ref.py) does, plus the optional extras of
/// <see cref="MfccOptions"/>: DC removal, pre-emphasis, framing (no centring), window, FFT, power spectrum,
/// HTK-mel filterbank, natural log with floor, orthonormal DCT-II, lifter; then deltas and CMVN if asked.
/// The window, filterbank, FFT twiddles and DCT matrix are built once in the constructor for one sample rate.
/// Thread safety: an instance is immutable after construction and <see cref="Extract(ReadOnlySpan{double})"/>
/// allocates its own scratch buffers once per call (a few KB, reused for every frame), so one extractor can serve
/// many threads, e.g. from Parallel.ForEach, without locks.
/// </summary>
public sealed class MfccExtractor
{
    private readonly double[] window;
    private readonly RealFft fft;
    private readonly MelFilterbank filterbank;
    private readonly CepstralTransform cepstrum;

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

        var emphasised = Emphasise(signal);
        var frames = FrameCount(emphasised.Length);
        var coefficients = Options.NMfcc;
        var values = new double[frames * coefficients];
        var frame = new double[fft.Size];
        var re = new double[fft.Bins];
        var im = new double[fft.Bins];
        var energies = new double[Options.NMels];
        var scale = Options.PowerNorm == "nfft" ? 1.0 / fft.Size : 1.0;
        for (var f = 0; f < frames; f++)
        {
            // Samples past the end of the signal, and the FFT padding, stay zero.
            var start = f * HopLength;
            var available = Math.Min(FrameLength, emphasised.Length - start);
            Array.Clear(frame);
            for (var n = 0; n < available; n++)
            {
                frame[n] = emphasised[start + n] * window[n];
            }

            fft.Forward(frame, re, im);
            for (var k = 0; k < re.Length; k++)
            {
                var power = re[k] * re[k] + im[k] * im[k];
                re[k] = (Options.Magnitude ? Math.Sqrt(power) : power) * scale;
            }

            filterbank.Apply(re, energies);
            for (var m = 0; m < energies.Length; m++)
            {
                energies[m] = Math.Log(Math.Max(energies[m], Options.LogFloor));
            }

            cepstrum.Apply(energies, values.AsSpan(f * coefficients, coefficients));
        }

        return Finish(values, frames, coefficients);
    }

    private FeatureMatrix Finish(double[] values, int frames, int columns)
    {
        if (Options.Deltas)
        {
            values = DeltaFeatures.Append(values, frames, columns);
            columns *= 3;
        }

        if (Options.Cmvn)
        {
            CepstralNormalization.Apply(values, frames, columns);
        }

        return FeatureMatrix.Wrap(frames, columns, values);
    }

    /// <summary>Optional DC removal, then y[0] = x[0], y[n] = x[n] - a x[n-1].</summary>
    private double[] Emphasise(ReadOnlySpan<double> signal)
    {
        var mean = 0.0;
        if (Options.RemoveDc)
        {
            foreach (var x in signal)
            {
                mean += x;
            }

            mean /= signal.Length;
        }

        var a = Options.Preemph;
        var y = new double[signal.Length];
        y[0] = signal[0] - mean;
        for (var n = 1; n < signal.Length; n++)
        {
            y[n] = a == 0.0 ? signal[n] - mean : (signal[n] - mean) - a * (signal[n - 1] - mean);
        }

        return y;
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
