using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workflow.Training;

/// <summary>
/// EM sufficient statistics of one <see cref="DiagonalMixture"/>: per component the occupancy Σγ, Σγx and Σγx²,
/// accumulated in a fixed order so the re-estimated mixture is the same bits every time. Each value is updated on its
/// own (no sums across dimensions), so vector and scalar code give the same bits.
/// </summary>
internal sealed class MixtureStatistics
{
    private readonly double[] _occupancy;
    private readonly double[] _sums;
    private readonly double[] _squares;
    private readonly int _dimensions;

    public MixtureStatistics(int components, int dimensions)
    {
        _dimensions = dimensions;
        _occupancy = new double[components];
        _sums = new double[components * dimensions];
        _squares = new double[components * dimensions];
    }

    public int Components => _occupancy.Length;

    public double Occupancy
    {
        get
        {
            var total = 0.0;
            foreach (var n in _occupancy) total += n;
            return total;
        }
    }

    /// <summary>Σγ of component <paramref name="k"/>.</summary>
    public double OccupancyOf(int k) => _occupancy[k];

    /// <summary>Σγx of component <paramref name="k"/>, per dimension.</summary>
    public ReadOnlySpan<double> SumsOf(int k) => _sums.AsSpan(k * _dimensions, _dimensions);

    /// <summary>Σγx² of component <paramref name="k"/>, per dimension.</summary>
    public ReadOnlySpan<double> SquaresOf(int k) => _squares.AsSpan(k * _dimensions, _dimensions);

    public void Clear()
    {
        Array.Clear(_occupancy);
        Array.Clear(_sums);
        Array.Clear(_squares);
    }

    /// <summary>Adds <paramref name="other"/>'s statistics to these (merging chunks, always in the same order).</summary>
    public void Add(MixtureStatistics other)
    {
        for (var k = 0; k < _occupancy.Length; k++) _occupancy[k] += other._occupancy[k];
        AddInPlace(_sums, other._sums);
        AddInPlace(_squares, other._squares);
    }

    /// <summary>Adds a frame with weight <paramref name="weight"/> (used with weight 1 for hard clusters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int component, ReadOnlySpan<float> frame, double weight)
    {
        if (weight == 0) return;
        _occupancy[component] += weight;
        var sums = _sums.AsSpan(component * _dimensions, _dimensions);
        var squares = _squares.AsSpan(component * _dimensions, _dimensions);
        for (var d = 0; d < sums.Length; d++)
        {
            double x = frame[d];
            sums[d] += weight * x;
            squares[d] += weight * (x * x);
        }
    }

    /// <summary>Adds a frame <paramref name="x"/> (with <paramref name="squared"/>[d] = x[d]²) with weight <paramref name="weight"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int component, ReadOnlySpan<double> x, ReadOnlySpan<double> squared, double weight)
    {
        if (weight == 0) return;
        _occupancy[component] += weight;
        var offset = component * _dimensions;
        ref var sums = ref MemoryMarshal.GetArrayDataReference(_sums);
        ref var squares = ref MemoryMarshal.GetArrayDataReference(_squares);
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var x2 = ref MemoryMarshal.GetReference(squared);
        var d = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var w = Vector256.Create(weight);
            for (; d <= _dimensions - 4; d += 4)
            {
                var at = (nuint)(offset + d);
                (Vector256.LoadUnsafe(ref sums, at) + w * Vector256.LoadUnsafe(ref xs, (nuint)d)).StoreUnsafe(ref sums, at);
                (Vector256.LoadUnsafe(ref squares, at) + w * Vector256.LoadUnsafe(ref x2, (nuint)d)).StoreUnsafe(ref squares, at);
            }
        }
        for (; d < _dimensions; d++)
        {
            _sums[offset + d] += weight * x[d];
            _squares[offset + d] += weight * squared[d];
        }
    }

    /// <summary>
    /// Adds a frame to every component k with weight <paramref name="occupancy"/> · <paramref name="shares"/>[k]: the
    /// same values, added in the same order, as <see cref="Add(int, ReadOnlySpan{double}, ReadOnlySpan{double}, double)"/>
    /// per component, but the frame is loaded once for all four components of a usual mixture.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddShares(ReadOnlySpan<double> x, ReadOnlySpan<double> squared, double occupancy, ReadOnlySpan<double> shares)
    {
        if (_occupancy.Length != 4 || !Vector256.IsHardwareAccelerated)
        {
            for (var k = 0; k < _occupancy.Length; k++) Add(k, x, squared, occupancy * shares[k]);
            return;
        }
        var (w0, w1, w2, w3) = (occupancy * shares[0], occupancy * shares[1], occupancy * shares[2], occupancy * shares[3]);
        if (w0 == 0 || w1 == 0 || w2 == 0 || w3 == 0)
        {
            // A component of weight 0 is left alone (as Add does).
            Add(0, x, squared, w0);
            Add(1, x, squared, w1);
            Add(2, x, squared, w2);
            Add(3, x, squared, w3);
            return;
        }
        _occupancy[0] += w0;
        _occupancy[1] += w1;
        _occupancy[2] += w2;
        _occupancy[3] += w3;
        var dimensions = _dimensions;
        ref var sums = ref MemoryMarshal.GetArrayDataReference(_sums);
        ref var squares = ref MemoryMarshal.GetArrayDataReference(_squares);
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var x2 = ref MemoryMarshal.GetReference(squared);
        var (v0, v1, v2, v3) = (Vector256.Create(w0), Vector256.Create(w1), Vector256.Create(w2), Vector256.Create(w3));
        var d = 0;
        for (; d <= dimensions - 4; d += 4)
        {
            var (value, square) = (Vector256.LoadUnsafe(ref xs, (nuint)d), Vector256.LoadUnsafe(ref x2, (nuint)d));
            var at = (nuint)d;
            (Vector256.LoadUnsafe(ref sums, at) + v0 * value).StoreUnsafe(ref sums, at);
            (Vector256.LoadUnsafe(ref squares, at) + v0 * square).StoreUnsafe(ref squares, at);
            at += (nuint)dimensions;
            (Vector256.LoadUnsafe(ref sums, at) + v1 * value).StoreUnsafe(ref sums, at);
            (Vector256.LoadUnsafe(ref squares, at) + v1 * square).StoreUnsafe(ref squares, at);
            at += (nuint)dimensions;
            (Vector256.LoadUnsafe(ref sums, at) + v2 * value).StoreUnsafe(ref sums, at);
            (Vector256.LoadUnsafe(ref squares, at) + v2 * square).StoreUnsafe(ref squares, at);
            at += (nuint)dimensions;
            (Vector256.LoadUnsafe(ref sums, at) + v3 * value).StoreUnsafe(ref sums, at);
            (Vector256.LoadUnsafe(ref squares, at) + v3 * square).StoreUnsafe(ref squares, at);
        }
        for (; d < dimensions; d++)
        {
            _sums[d] += w0 * x[d];
            _squares[d] += w0 * squared[d];
            _sums[dimensions + d] += w1 * x[d];
            _squares[dimensions + d] += w1 * squared[d];
            _sums[2 * dimensions + d] += w2 * x[d];
            _squares[2 * dimensions + d] += w2 * squared[d];
            _sums[3 * dimensions + d] += w3 * x[d];
            _squares[3 * dimensions + d] += w3 * squared[d];
        }
    }

    private static void AddInPlace(double[] target, double[] source)
    {
        for (var i = 0; i < target.Length; i++) target[i] += source[i];
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
                var mean = _sums[k * _dimensions + d] / n;
                means[k][d] = mean;
                variances[k][d] = Math.Max(_squares[k * _dimensions + d] / n - mean * mean, floor[d]);
            }
        }
        return new DiagonalMixture(weights, means, variances);
    }
}
