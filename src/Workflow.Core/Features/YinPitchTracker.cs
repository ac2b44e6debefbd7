using System.Runtime.CompilerServices;

namespace Workflow.Features;

/// <summary>
/// YIN (de Cheveigné &amp; Kawahara, 2002) per frame: the difference function d(τ) over a window of
/// <c>frame − maxLag</c> samples, its cumulative mean normalised form d'(τ) = d(τ)·τ / Σ_{j≤τ} d(j), the first dip
/// below the absolute threshold (followed down to its local minimum) within [fmin, fmax], then parabolic
/// interpolation around that lag — of d, not d': d is a sum of cosines of the lag, close to a parabola at its
/// minimum, while d' is bent by its normalisation (interpolating d' left 1 % errors at 850 Hz, 9.4 samples a period). A frame with no such dip, or quieter than <c>silenceDb</c> below the
/// recording's loudest frame, is unvoiced (NaN). Every sum runs in a fixed order, so the same samples give the same
/// bits on any machine.
/// </summary>
public sealed class YinPitchTracker
{
    private readonly PitchOptions _options;
    private readonly int _sampleRate;
    private readonly int _frame;
    private readonly int _hop;
    private readonly int _minLag;
    private readonly int _maxLag;

    public YinPitchTracker(PitchOptions options, int sampleRate)
    {
        options.Validate(sampleRate);
        _options = options;
        _sampleRate = sampleRate;
        _frame = options.FrameLength(sampleRate);
        _hop = options.HopLength(sampleRate);
        _minLag = options.MinLag(sampleRate);
        _maxLag = options.MaxLag(sampleRate);
    }

    public PitchTrack Track(ReadOnlySpan<double> samples)
    {
        var frames = samples.Length < _frame ? 0 : 1 + (samples.Length - _frame) / _hop;
        var window = _frame - _maxLag;
        var energy = new double[frames];
        var loudest = 0.0;
        for (var f = 0; f < frames; f++)
        {
            energy[f] = Dot(samples.Slice(f * _hop, _frame), samples.Slice(f * _hop, _frame)) / _frame;
            loudest = Math.Max(loudest, energy[f]);
        }

        var floor = loudest * Math.Pow(10, -_options.SilenceDb / 10);
        var f0 = new double[frames];
        var difference = new double[_maxLag + 1];
        var cmnd = new double[_maxLag + 1];
        for (var f = 0; f < frames; f++)
        {
            f0[f] = energy[f] > 0 && energy[f] >= floor
                ? Estimate(samples.Slice(f * _hop, _frame), window, difference, cmnd)
                : double.NaN;
        }

        return new PitchTrack(f0, (double)_hop / _sampleRate);
    }

    /// <summary>f0 of one frame, or NaN when no lag's d' dips below the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Estimate(ReadOnlySpan<double> frame, int window, double[] difference, double[] cmnd)
    {
        // d(τ) = Σ x_j² + Σ x_{j+τ}² − 2 Σ x_j x_{j+τ}, the shifted energy updated by one sample per lag.
        var head = frame[..window];
        var energy0 = Dot(head, head);
        var shifted = energy0;
        var running = 0.0;
        cmnd[0] = 1.0;
        for (var tau = 1; tau <= _maxLag; tau++)
        {
            var leaving = frame[tau - 1];
            var entering = frame[tau + window - 1];
            shifted += entering * entering - leaving * leaving;
            var d = Math.Max(energy0 + shifted - 2 * Dot(head, frame.Slice(tau, window)), 0.0);
            difference[tau] = d;
            running += d;
            cmnd[tau] = running > 0 ? d * tau / running : 1.0;
        }

        for (var tau = _minLag; tau < _maxLag; tau++)
        {
            if (cmnd[tau] >= _options.Threshold) continue;
            while (tau + 1 < _maxLag && cmnd[tau + 1] < cmnd[tau]) tau++;
            return _sampleRate / (tau + Vertex(difference[tau - 1], difference[tau], difference[tau + 1]));
        }

        return double.NaN;
    }

    /// <summary>Offset of the minimum of the parabola through (−1, a), (0, b), (1, c), within ±1/2.</summary>
    private static double Vertex(double a, double b, double c)
    {
        var curvature = a - 2 * b + c;
        return curvature <= 0 ? 0.0 : Math.Clamp((a - c) / (2 * curvature), -0.5, 0.5);
    }

    /// <summary>Σ a_i b_i in four fixed lanes (fast, and the same bits everywhere).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }

        for (; i < a.Length; i++) s0 += a[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }
}
