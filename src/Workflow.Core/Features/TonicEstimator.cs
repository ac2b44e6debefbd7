namespace Workflow.Features;

/// <summary>
/// A recording's tonic from its pitch track: the strongest pitch class of a folded pitch histogram (voiced f0 in
/// cents above A440, modulo an octave, 10-cent bins smoothed over ±50 cents), refined to the circular mean of the
/// frames within 50 cents of that peak; placed in the highest octave at or below the median voiced f0 (plus a quarter
/// tone), so a melody that sits above its tonic, as most do, gets the tonic it started from.
/// </summary>
public static class TonicEstimator
{
    private const int BinCents = 10;
    private const int Bins = 1200 / BinCents;
    private const int SmoothBins = 5;

    /// <summary>The tonic in Hz, or null when no frame is voiced.</summary>
    public static double? Estimate(IReadOnlyList<double> f0)
    {
        var cents = f0.Where(PitchTrack.IsVoiced).Select(f => 1200 * Math.Log2(f / 440.0)).ToList();
        if (cents.Count == 0) return null;
        var histogram = new double[Bins];
        foreach (var c in cents) histogram[Bin(c)]++;
        var peak = 0;
        var best = double.NegativeInfinity;
        for (var b = 0; b < Bins; b++)
        {
            var smoothed = 0.0;
            for (var k = -SmoothBins; k <= SmoothBins; k++) smoothed += (SmoothBins + 1 - Math.Abs(k)) * histogram[(b + k + Bins) % Bins];
            if (smoothed > best) (best, peak) = (smoothed, b);
        }

        // Circular mean, in cents, of the frames near the peak: the peak bin's centre plus their mean offset from it.
        var centre = (peak + 0.5) * BinCents;
        double offsets = 0;
        var near = 0;
        foreach (var c in cents)
        {
            var offset = Folded(c) - centre;
            if (offset > 600) offset -= 1200;
            if (offset < -600) offset += 1200;
            if (Math.Abs(offset) > 50) continue;
            offsets += offset;
            near++;
        }

        var pitchClass = centre + offsets / near;
        var median = cents.Order().ElementAt(cents.Count / 2);
        var octave = Math.Floor((median + 50 - pitchClass) / 1200);
        return 440.0 * Math.Pow(2, (pitchClass + 1200 * octave) / 1200);
    }

    private static double Folded(double cents) => ((cents % 1200) + 1200) % 1200;

    private static int Bin(double cents) => Math.Min((int)(Folded(cents) / BinCents), Bins - 1);
}
