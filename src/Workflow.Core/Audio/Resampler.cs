namespace Workflow.Audio;

/// <summary>
/// Band-limited sample-rate conversion with a Kaiser-windowed sinc kernel.
/// Each output sample at input time t = n * source / target is the sum of nearby input samples weighted by a
/// low-pass kernel whose cutoff is <see cref="Rolloff"/> times the lower Nyquist frequency, so downsampling removes
/// what would alias and upsampling does not image. Outside the signal the input counts as zero.
/// The ratio is reduced to target/source = up/down; when <c>up</c> is small enough the <c>up</c> distinct kernels
/// (one per fractional phase) are computed once, otherwise each output computes its own. Both paths evaluate the same
/// formula, so the result is deterministic and independent of the path taken.
/// </summary>
public static class Resampler
{
    /// <summary>Cutoff as a fraction of the lower Nyquist frequency: passband to ~0.9 of Nyquist, stopband by Nyquist.</summary>
    public const double Rolloff = 0.94;

    /// <summary>Zero crossings of the sinc on each side of the centre; sets the transition width (~5 Rolloff / this).</summary>
    public const int ZeroCrossings = 64;

    /// <summary>Kaiser beta; 8.6 gives a stopband attenuation of roughly 85-90 dB.</summary>
    public const double KaiserBeta = 8.6;

    private const int MaxCachedPhases = 2048;

    public static double[] Resample(ReadOnlySpan<double> input, int sourceRate, int targetRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        if (sourceRate == targetRate)
        {
            return input.ToArray();
        }

        var gcd = Gcd(sourceRate, targetRate);
        long up = targetRate / gcd;
        long down = sourceRate / gcd;
        // Cutoff in cycles per input sample, and the kernel's half-width in input samples.
        var cutoff = Rolloff * Math.Min(sourceRate, targetRate) / (2.0 * sourceRate);
        var halfWidth = ZeroCrossings / (2.0 * cutoff);
        var reach = (int)Math.Ceiling(halfWidth);
        var taps = 2 * reach + 1;
        var outputLength = (int)((input.Length * up + down - 1) / down);
        var output = new double[outputLength];
        var cache = up <= MaxCachedPhases ? new double[up][] : null;
        var scratch = new double[taps];
        for (long n = 0; n < outputLength;)
        {
            // Four outputs whose windows lie wholly inside the input: four independent sums in one pass, which the
            // CPU overlaps; each is still summed tap by tap from 0.0 exactly as Convolve does.
            if (cache is not null && n + 3 < outputLength)
            {
                var first0 = n * down / up - reach;
                var first3 = (n + 3) * down / up - reach;
                if (first0 >= 0 && first3 + taps <= input.Length)
                {
                    Convolve4(
                        input, output.AsSpan((int)n, 4),
                        Kernel(cache, n, up, down, taps, reach, cutoff, halfWidth), first0,
                        Kernel(cache, n + 1, up, down, taps, reach, cutoff, halfWidth), (n + 1) * down / up - reach,
                        Kernel(cache, n + 2, up, down, taps, reach, cutoff, halfWidth), (n + 2) * down / up - reach,
                        Kernel(cache, n + 3, up, down, taps, reach, cutoff, halfWidth), first3);
                    n += 4;
                    continue;
                }
            }

            var position = n * down;
            var center = position / up;
            var phase = position % up;
            double[] kernel;
            if (cache is null)
            {
                FillKernel(scratch, (double)phase / up, reach, cutoff, halfWidth);
                kernel = scratch;
            }
            else
            {
                kernel = Kernel(cache, n, up, down, taps, reach, cutoff, halfWidth);
            }

            output[n] = Convolve(input, kernel, center - reach);
            n++;
        }

        return output;
    }

    private static double[] Kernel(double[][] cache, long n, long up, long down, int taps, int reach, double cutoff, double halfWidth)
    {
        var phase = n * down % up;
        return cache[phase] ??= FillKernel(new double[taps], (double)phase / up, reach, cutoff, halfWidth);
    }

    /// <summary>Convolve for four outputs at once; the caller has checked that every window is inside the input.</summary>
    private static void Convolve4(
        ReadOnlySpan<double> input, Span<double> output,
        double[] kernel0, long first0, double[] kernel1, long first1, double[] kernel2, long first2, double[] kernel3, long first3)
    {
        var taps = kernel0.Length;
        var x0 = input.Slice((int)first0, taps);
        var x1 = input.Slice((int)first1, taps);
        var x2 = input.Slice((int)first2, taps);
        var x3 = input.Slice((int)first3, taps);
        var k0 = kernel0.AsSpan(0, taps);
        var k1 = kernel1.AsSpan(0, taps);
        var k2 = kernel2.AsSpan(0, taps);
        var k3 = kernel3.AsSpan(0, taps);
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (var j = 0; j < taps; j++)
        {
            s0 += k0[j] * x0[j];
            s1 += k1[j] * x1[j];
            s2 += k2[j] * x2[j];
            s3 += k3[j] * x3[j];
        }

        output[0] = s0;
        output[1] = s1;
        output[2] = s2;
        output[3] = s3;
    }

    private static double Convolve(ReadOnlySpan<double> input, double[] kernel, long first)
    {
        var from = (int)Math.Max(0, -first);
        var to = (int)Math.Min(kernel.Length, input.Length - first);
        var sum = 0.0;
        for (var j = from; j < to; j++)
        {
            sum += kernel[j] * input[(int)(first + j)];
        }

        return sum;
    }

    /// <summary>Kernel for an output that lies <paramref name="fraction"/> input samples after input sample 0 of its window centre.</summary>
    private static double[] FillKernel(double[] kernel, double fraction, int reach, double cutoff, double halfWidth)
    {
        var sum = 0.0;
        for (var j = 0; j < kernel.Length; j++)
        {
            var distance = fraction - (j - reach);
            var x = distance / halfWidth;
            var value = Math.Abs(x) >= 1.0 ? 0.0 : 2.0 * cutoff * Sinc(2.0 * cutoff * distance) * Kaiser(x);
            kernel[j] = value;
            sum += value;
        }

        // Unit DC gain for every phase, so a constant signal stays exactly constant away from the edges.
        for (var j = 0; j < kernel.Length; j++)
        {
            kernel[j] /= sum;
        }

        return kernel;
    }

    private static double Sinc(double x) => x == 0.0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double Kaiser(double x) => BesselI0(KaiserBeta * Math.Sqrt(1.0 - x * x)) / BesselI0(KaiserBeta);

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges fast for beta &lt; 20).</summary>
    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var quarterSquare = x * x / 4.0;
        for (var k = 1; k < 64 && term > 1e-17 * sum; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
        }

        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
