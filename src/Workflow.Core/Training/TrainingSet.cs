using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// A class's training utterances in one block: every frame, utterance after utterance, in single precision, with where
/// each utterance starts. Trainers read frames from here and copy none, so a class costs 4 bytes per value once
/// (MFCCs carry far less precision than a float's 24 bits; every trainer still computes in double). Conversion
/// rounds to nearest, so the same features always give the same set, and the same model bytes.
/// </summary>
public sealed class TrainingSet
{
    private readonly float[] _values;
    private readonly int[] _starts;

    private TrainingSet(int columns, float[] values, int[] starts)
    {
        Columns = columns;
        _values = values;
        _starts = starts;
    }

    public int Columns { get; }

    /// <summary>Number of utterances.</summary>
    public int Count => _starts.Length - 1;

    /// <summary>Number of frames over all utterances.</summary>
    public int Frames => _starts[^1];

    /// <summary>The index of utterance <paramref name="utterance"/>'s first frame.</summary>
    public int Start(int utterance) => _starts[utterance];

    /// <summary>The number of frames of utterance <paramref name="utterance"/>.</summary>
    public int Length(int utterance) => _starts[utterance + 1] - _starts[utterance];

    public ReadOnlySpan<float> Row(int frame) => new(_values, frame * Columns, Columns);

    /// <summary>Every frame's values, row-major.</summary>
    public ReadOnlySpan<float> Values => new(_values, 0, Frames * Columns);

    /// <summary>The longest utterance's frames (scratch buffers are sized by it).</summary>
    public int LongestUtterance
    {
        get
        {
            var longest = 0;
            for (var u = 0; u < Count; u++) longest = Math.Max(longest, Length(u));
            return longest;
        }
    }

    public static TrainingSet From(string @class, IReadOnlyList<FeatureMatrix> utterances)
    {
        var builder = new Builder(@class, utterances.Sum(u => (long)u.Values.Length));
        foreach (var utterance in utterances) builder.Add(utterance);
        return builder.Build();
    }

    /// <summary>
    /// A set over <paramref name="values"/> (taken, not copied) holding utterances of <paramref name="rows"/>[i] frames
    /// of <paramref name="columns"/>[i] values each, in order; the columns must agree.
    /// </summary>
    internal static TrainingSet Create(string @class, float[] values, int[] rows, int[] columns)
    {
        if (rows.Length == 0)
            throw new WorkflowException($"Class {@class} has no training files; add some or remove the class folder.");
        var starts = new int[rows.Length + 1];
        for (var i = 0; i < rows.Length; i++)
        {
            if (columns[i] != columns[0])
                throw new WorkflowException(
                    $"Class {@class}: feature files have {columns[0]} and {columns[i]} columns; rebuild features with one setting.");
            starts[i + 1] = starts[i] + rows[i];
        }
        if ((long)starts[^1] * columns[0] > values.Length) throw new ArgumentException("values is shorter than rows × columns");
        return new TrainingSet(columns[0], values, starts);
    }

    /// <summary>Throws the message every frame-based family gives when a class has no frames at all.</summary>
    internal void RequireFrames(string @class)
    {
        if (Frames == 0)
            throw new WorkflowException($"Class {@class} has no training frames; add recordings that are not silent.");
    }

    /// <summary>
    /// Gathers utterances one at a time, so a caller reading feature files holds one file's doubles at most.
    /// <paramref name="capacity"/> is the total number of values expected (the block grows if it is exceeded).
    /// </summary>
    public sealed class Builder(string @class, long capacity)
    {
        private float[] _values = new float[Checked(@class, capacity)];
        private readonly List<int> _starts = [0];
        private int _columns = -1;
        private int _frames;

        public void Add(FeatureMatrix utterance)
        {
            if (_columns < 0) _columns = utterance.Columns;
            else if (utterance.Columns != _columns)
                throw new WorkflowException(
                    $"Class {@class}: feature files have {_columns} and {utterance.Columns} columns; rebuild features with one setting.");
            var used = (long)_frames * _columns;
            var needed = used + utterance.Values.Length;
            if (needed > _values.Length) Array.Resize(ref _values, Checked(@class, Math.Max(needed, _values.Length + _values.Length / 2)));
            var source = utterance.Values;
            var target = _values.AsSpan((int)used, source.Length);
            for (var i = 0; i < source.Length; i++) target[i] = (float)source[i];
            _frames += utterance.Rows;
            _starts.Add(_frames);
        }

        public TrainingSet Build()
        {
            if (_starts.Count == 1)
                throw new WorkflowException($"Class {@class} has no training files; add some or remove the class folder.");
            return new TrainingSet(_columns, _values, [.. _starts]);
        }

        internal static int Checked(string @class, long values) => values <= Array.MaxLength
            ? (int)values
            : throw new WorkflowException($"Class {@class} has {values} feature values, more than one array holds; split the class.");
    }
}

/// <summary>Some frames of a <see cref="TrainingSet"/> (all of them when <c>rows</c> is null), by index, in order.</summary>
internal readonly struct FrameSelection(TrainingSet set, int[]? rows = null)
{
    public int Count => rows?.Length ?? set.Frames;

    public int Columns => set.Columns;

    public ReadOnlySpan<float> Row(int index) => set.Row(rows is null ? index : rows[index]);

    /// <summary>
    /// The same frames in the same order, copied side by side into a block of their own. A selection of every third
    /// frame of a state's segments is ~50,000 rows scattered over a class's ~60 MB block: k-means reads them some 15
    /// times, and a cache miss per row per pass cost more than its arithmetic. Compact, they stay in the cache.
    /// The block is <paramref name="scratch"/> when it is large enough (one per class, not one per state: a few MB each
    /// on the large-object heap, which only a full collection frees); the selection lives as long as it is not reused.
    /// </summary>
    public FrameSelection Compact(ref float[]? scratch)
    {
        if (rows is null || rows.Length == 0) return this;
        var length = (long)rows.Length * set.Columns;
        if (scratch is null || scratch.Length < length) scratch = new float[length];
        for (var i = 0; i < rows.Length; i++) set.Row(rows[i]).CopyTo(scratch.AsSpan(i * set.Columns, set.Columns));
        return new FrameSelection(TrainingSet.Create("selection", scratch, [rows.Length], [set.Columns]));
    }
}
