namespace Workflow.Features;

/// <summary>
/// A frames x coefficients matrix of doubles, row-major and immutable once built.
/// Serialised by <see cref="WriteTo"/> in the format described on <see cref="FeatureMatrixFormat"/>.
/// </summary>
public sealed class FeatureMatrix
{
    private readonly double[] values;

    /// <summary>Copies <paramref name="values"/> (row-major, rows x columns).</summary>
    public FeatureMatrix(int rows, int columns, ReadOnlySpan<double> values)
        : this(rows, columns, values.ToArray())
    {
    }

    private FeatureMatrix(int rows, int columns, double[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != values.Length)
        {
            throw new ArgumentException($"expected {(long)rows * columns} values for {rows} x {columns}, got {values.Length}", nameof(values));
        }

        Rows = rows;
        Columns = columns;
        this.values = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    public double this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
            return Row(row)[column];
        }
    }

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => values;

    public ReadOnlySpan<double> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Rows);
        return values.AsSpan(index * Columns, Columns);
    }

    /// <summary>Takes ownership of <paramref name="values"/> without copying; for code in this assembly that built it.</summary>
    internal static FeatureMatrix Wrap(int rows, int columns, double[] values) => new(rows, columns, values);

    public void WriteTo(Stream stream) => FeatureMatrixFormat.Write(this, stream);

    /// <param name="displayName">How error messages name the source, usually its path.</param>
    public static FeatureMatrix ReadFrom(Stream stream, string displayName) => FeatureMatrixFormat.Read(stream, displayName);

    /// <summary>Reads a feature file (faster than through a stream: one read into a pooled buffer).</summary>
    public static FeatureMatrix ReadFile(string path, string displayName) => FeatureMatrixFormat.ReadFile(path, displayName);
}
