namespace Workflow.Training;

/// <summary>Per-dimension statistics over a class's frames.</summary>
internal static class TrainingFrames
{
    /// <summary>
    /// Per-dimension floor: <paramref name="relative"/> times the variance of that dimension over the frames of
    /// <paramref name="utterances"/> (indices into <paramref name="set"/>, all of them when null).
    /// </summary>
    public static double[] VarianceFloor(TrainingSet set, IReadOnlyList<int>? utterances, double relative)
    {
        var dimensions = set.Columns;
        var mean = new double[dimensions];
        var squares = new double[dimensions];
        long frames = 0;
        var count = utterances?.Count ?? set.Count;
        for (var i = 0; i < count; i++)
        {
            var u = utterances?[i] ?? i;
            var end = set.Start(u) + set.Length(u);
            for (var t = set.Start(u); t < end; t++)
            {
                var row = set.Row(t);
                for (var d = 0; d < dimensions; d++)
                {
                    double x = row[d];
                    mean[d] += x;
                    squares[d] += x * x;
                }
            }
            frames += set.Length(u);
        }
        var floor = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            var m = mean[d] / frames;
            floor[d] = Math.Max(relative * Math.Max(squares[d] / frames - m * m, 0), 1e-10);
        }
        return floor;
    }
}
