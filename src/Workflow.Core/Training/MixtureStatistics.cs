namespace Workflow.Training;

/// <summary>
/// EM sufficient statistics of one <see cref="DiagonalMixture"/>: per component the occupancy Σγ, Σγx and Σγx²,
/// accumulated in a fixed order so the re-estimated mixture is the same bits every time.
/// </summary>
internal sealed class MixtureStatistics
{
    private readonly double[] _occupancy;
    private readonly double[][] _sums;
    private readonly double[][] _squares;

    public MixtureStatistics(int components, int dimensions)
    {
        _occupancy = new double[components];
        _sums = new double[components][];
        _squares = new double[components][];
        for (var k = 0; k < components; k++)
        {
            _sums[k] = new double[dimensions];
            _squares[k] = new double[dimensions];
        }
    }

    public double Occupancy
    {
        get
        {
            var total = 0.0;
            foreach (var n in _occupancy) total += n;
            return total;
        }
    }

    public void Add(int component, ReadOnlySpan<double> frame, double weight)
    {
        if (weight == 0) return;
        _occupancy[component] += weight;
        var sums = _sums[component];
        var squares = _squares[component];
        for (var d = 0; d < sums.Length; d++)
        {
            var x = frame[d];
            sums[d] += weight * x;
            squares[d] += weight * x * x;
        }
    }

    /// <summary>
    /// The maximum-likelihood mixture, each variance raised to at least <paramref name="floor"/>[d] (the constrained
    /// optimum, so EM still never lowers the likelihood). A component with no occupancy keeps its mean and variance
    /// from <paramref name="previous"/> (or the floor) with weight 0.
    /// </summary>
    public DiagonalMixture ToMixture(DiagonalMixture? previous, double[] floor)
    {
        var total = Occupancy;
        if (!(total > 0) && previous is not null) return previous; // nothing was assigned here: keep it as it was
        var components = _occupancy.Length;
        var weights = new double[components];
        var means = new double[components][];
        var variances = new double[components][];
        for (var k = 0; k < components; k++)
        {
            var n = _occupancy[k];
            if (!(n > 1e-10 * Math.Max(total, 1)))
            {
                means[k] = previous is null ? new double[floor.Length] : (double[])previous.Means[k].Clone();
                variances[k] = previous is null ? (double[])floor.Clone() : (double[])previous.Variances[k].Clone();
                continue;
            }
            weights[k] = n / total;
            means[k] = new double[floor.Length];
            variances[k] = new double[floor.Length];
            for (var d = 0; d < floor.Length; d++)
            {
                var mean = _sums[k][d] / n;
                means[k][d] = mean;
                variances[k][d] = Math.Max(_squares[k][d] / n - mean * mean, floor[d]);
            }
        }
        return new DiagonalMixture(weights, means, variances);
    }
}
