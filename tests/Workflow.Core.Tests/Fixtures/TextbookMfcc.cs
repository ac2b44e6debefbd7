using Workflow.Features;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// The MFCC pipeline written as plainly as possible: whole-signal pre-emphasis, a fresh zeroed frame per frame, the
/// textbook radix-2 FFT (bit-reversed packing, one pass per stage, twiddles indexed k * stride), a dense filterbank
/// matrix scanned only over each filter's non-zero bins, column-at-a-time deltas and CMVN. It is the implementation
/// the optimised <see cref="MfccExtractor"/> replaced, kept here so tests can require the two to agree to the bit:
/// the speed-ups must never change a feature file.
/// </summary>
public static class TextbookMfcc
{
    public static double[] Extract(MfccOptions options, int sampleRate, ReadOnlySpan<double> signal)
    {
        if (options.TrimSilence)
        {
            var (start, length) = SilenceTrimmer.Find(signal, options.FrameLength(sampleRate), options.HopLength(sampleRate), options.TrimThresholdDb);
            signal = signal.Slice(start, length);
        }

        var frameLength = options.FrameLength(sampleRate);
        var hop = options.HopLength(sampleRate);
        var size = options.FftSize(sampleRate);
        var window = WindowFunction.Create(options.Window, frameLength, options.Periodic);
        var bank = Filterbank(sampleRate, size, options.NMels, options.Fmin, options.Fmax ?? sampleRate / 2.0, options.FbNorm == "slaney");
        var dct = Dct(options.NMels, options.NMfcc, options.Lifter);
        var emphasised = Emphasise(options, signal);
        var frames = emphasised.Length <= frameLength
            ? 1
            : 1 + (options.PadEnd ? (emphasised.Length - frameLength + hop - 1) / hop : (emphasised.Length - frameLength) / hop);
        var values = new double[frames * options.NMfcc];
        var scale = options.PowerNorm == "nfft" ? 1.0 / size : 1.0;
        var mel = new double[frames, options.NMels];
        for (var f = 0; f < frames; f++)
        {
            var frame = new double[size];
            var start = f * hop;
            var available = Math.Min(frameLength, emphasised.Length - start);
            for (var n = 0; n < available; n++)
            {
                frame[n] = emphasised[start + n] * window[n];
            }

            var (re, im) = Fft(frame);
            var energies = new double[options.NMels];
            for (var m = 0; m < options.NMels; m++)
            {
                var sum = 0.0;
                for (var k = 0; k < re.Length; k++)
                {
                    if (bank[m, k] > 0.0)
                    {
                        var power = re[k] * re[k] + im[k] * im[k];
                        sum += bank[m, k] * ((options.Magnitude ? Math.Sqrt(power) : power) * scale);
                    }
                }

                mel[f, m] = sum;
            }
        }

        // Spectral subtraction: the mean of the quietest frames (by the sum of their floored log energies, the earlier
        // of equals first) times the factor comes off every frame, leaving at least floor times what was there.
        if (options.SpectralSubtraction is { } subtraction)
        {
            var loudness = new double[frames];
            for (var f = 0; f < frames; f++)
            {
                for (var m = 0; m < options.NMels; m++)
                {
                    loudness[f] += Math.Log(Math.Max(mel[f, m], options.LogFloor));
                }
            }

            var quiet = Math.Max(1, (int)Math.Floor(frames * subtraction.QuietFraction));
            var chosen = Enumerable.Range(0, frames).OrderBy(f => loudness[f]).ThenBy(f => f).Take(quiet).ToArray();
            for (var m = 0; m < options.NMels; m++)
            {
                var background = 0.0;
                foreach (var f in chosen)
                {
                    background += mel[f, m];
                }

                background = subtraction.Factor * (background / quiet);
                for (var f = 0; f < frames; f++)
                {
                    mel[f, m] = Math.Max(mel[f, m] - background, subtraction.Floor * mel[f, m]);
                }
            }
        }

        // The floor: logFloor, or with a dynamic range the larger of it and the loudest energy times 10^(-dB/10).
        var floor = options.LogFloor;
        if (options.DynamicRangeDb is { } range)
        {
            var peak = 0.0;
            foreach (var e in mel)
            {
                peak = Math.Max(peak, e);
            }

            floor = Math.Max(peak * Math.Pow(10.0, -range / 10.0), options.LogFloor);
        }

        for (var f = 0; f < frames; f++)
        {
            var energies = new double[options.NMels];
            for (var m = 0; m < options.NMels; m++)
            {
                energies[m] = Math.Log(Math.Max(mel[f, m], floor));
            }

            for (var i = 0; i < options.NMfcc; i++)
            {
                var sum = 0.0;
                for (var m = 0; m < options.NMels; m++)
                {
                    sum += dct[i, m] * energies[m];
                }

                values[f * options.NMfcc + i] = sum;
            }
        }

        var columns = options.NMfcc;
        if (options.Deltas)
        {
            var deltas = Deltas(values, frames, columns);
            var accelerations = Deltas(deltas, frames, columns);
            var all = new double[frames * 3 * columns];
            for (var t = 0; t < frames; t++)
            {
                Array.Copy(values, t * columns, all, t * 3 * columns, columns);
                Array.Copy(deltas, t * columns, all, t * 3 * columns + columns, columns);
                Array.Copy(accelerations, t * columns, all, t * 3 * columns + 2 * columns, columns);
            }

            values = all;
            columns *= 3;
        }

        if (options.Cmvn)
        {
            for (var c = 0; c < columns; c++)
            {
                var mean = 0.0;
                for (var t = 0; t < frames; t++)
                {
                    mean += values[t * columns + c];
                }

                mean /= frames;
                var variance = 0.0;
                for (var t = 0; t < frames; t++)
                {
                    var d = values[t * columns + c] - mean;
                    variance += d * d;
                }

                var std = Math.Sqrt(variance / frames);
                var factor = std < CepstralNormalization.MinStandardDeviation ? 1.0 : 1.0 / std;
                for (var t = 0; t < frames; t++)
                {
                    values[t * columns + c] = (values[t * columns + c] - mean) * factor;
                }
            }
        }

        return values;
    }

    /// <summary>One-sided spectrum of a real power-of-two-length signal: complex FFT of the even/odd pairs, then the split.</summary>
    public static (double[] Re, double[] Im) Fft(double[] signal)
    {
        var size = signal.Length;
        var half = size / 2;
        var re = new double[half + 1];
        var im = new double[half + 1];
        var bits = System.Numerics.BitOperations.Log2((uint)half);
        for (var k = 0; k < half; k++)
        {
            var j = 0;
            for (var b = 0; b < bits; b++)
            {
                j |= ((k >> b) & 1) << (bits - 1 - b);
            }

            re[j] = signal[2 * k];
            im[j] = signal[2 * k + 1];
        }

        for (var span = 1; span < half; span *= 2)
        {
            var stride = half / (2 * span);
            for (var start = 0; start < half; start += 2 * span)
            {
                for (var k = 0; k < span; k++)
                {
                    var wr = Math.Cos(2.0 * Math.PI * (k * stride) / half);
                    var wi = -Math.Sin(2.0 * Math.PI * (k * stride) / half);
                    var a = start + k;
                    var b = a + span;
                    var tr = wr * re[b] - wi * im[b];
                    var ti = wr * im[b] + wi * re[b];
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }

        var z0r = re[0];
        var z0i = im[0];
        re[0] = z0r + z0i;
        im[0] = 0.0;
        re[half] = z0r - z0i;
        im[half] = 0.0;
        for (var k = 1; k <= half / 2; k++)
        {
            var m = half - k;
            double ar = re[k], ai = im[k], br = re[m], bi = im[m];
            var er = 0.5 * (ar + br);
            var ei = 0.5 * (ai - bi);
            var or = 0.5 * (ai + bi);
            var oi = -0.5 * (ar - br);
            double ck = Math.Cos(2.0 * Math.PI * k / size), sk = -Math.Sin(2.0 * Math.PI * k / size);
            double cm = Math.Cos(2.0 * Math.PI * m / size), sm = -Math.Sin(2.0 * Math.PI * m / size);
            re[k] = er + (ck * or - sk * oi);
            im[k] = ei + (ck * oi + sk * or);
            re[m] = er + (cm * or + sm * oi);
            im[m] = -ei + (-cm * oi + sm * or);
        }

        return (re, im);
    }

    private static double[] Emphasise(MfccOptions options, ReadOnlySpan<double> signal)
    {
        var mean = 0.0;
        if (options.RemoveDc)
        {
            foreach (var x in signal)
            {
                mean += x;
            }

            mean /= signal.Length;
        }

        var a = options.Preemph;
        var y = new double[signal.Length];
        y[0] = signal[0] - mean;
        for (var n = 1; n < signal.Length; n++)
        {
            y[n] = a == 0.0 ? signal[n] - mean : (signal[n] - mean) - a * (signal[n - 1] - mean);
        }

        return y;
    }

    private static double[,] Filterbank(int sampleRate, int size, int filters, double fmin, double fmax, bool slaney)
    {
        var edges = MelFilterbank.Edges(filters, fmin, fmax);
        var bins = size / 2 + 1;
        var bank = new double[filters, bins];
        for (var m = 0; m < filters; m++)
        {
            double lo = edges[m], centre = edges[m + 1], hi = edges[m + 2];
            for (var k = 0; k < bins; k++)
            {
                var f = k * ((double)sampleRate / size);
                var w = Math.Max(0.0, Math.Min((f - lo) / (centre - lo), (hi - f) / (hi - centre)));
                bank[m, k] = slaney ? w * (2.0 / (hi - lo)) : w;
            }
        }

        return bank;
    }

    private static double[,] Dct(int filters, int coefficients, double lifter)
    {
        var dct = new double[coefficients, filters];
        for (var i = 0; i < coefficients; i++)
        {
            var scale = i == 0 ? Math.Sqrt(1.0 / filters) : Math.Sqrt(2.0 / filters);
            var lift = lifter > 0.0 ? 1.0 + lifter / 2.0 * Math.Sin(Math.PI * i / lifter) : 1.0;
            for (var m = 0; m < filters; m++)
            {
                dct[i, m] = scale * (i == 0 ? 1.0 : Math.Cos(Math.PI * i * (m + 0.5) / filters)) * lift;
            }
        }

        return dct;
    }

    private static double[] Deltas(double[] values, int rows, int columns)
    {
        var result = new double[rows * columns];
        for (var t = 0; t < rows; t++)
        {
            for (var n = 1; n <= DeltaFeatures.Window; n++)
            {
                var ahead = Math.Min(t + n, rows - 1) * columns;
                var behind = Math.Max(t - n, 0) * columns;
                for (var c = 0; c < columns; c++)
                {
                    result[t * columns + c] += n * (values[ahead + c] - values[behind + c]);
                }
            }

            for (var c = 0; c < columns; c++)
            {
                result[t * columns + c] /= 10.0;
            }
        }

        return result;
    }
}
