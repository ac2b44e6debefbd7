using Workflow.Features;

namespace Workflow.Training;

/// <summary>Checks a class's utterances agree on their columns and gathers their frames, in order, into one matrix.</summary>
internal static class TrainingFrames
{
    public static FeatureMatrix Stack(string @class, IReadOnlyList<FeatureMatrix> utterances)
    {
        var dimensions = Dimensions(@class, utterances);
        var rows = 0;
        foreach (var utterance in utterances) rows += utterance.Rows;
        if (rows == 0)
            throw new WorkflowException($"Class {@class} has no training frames; add recordings that are not silent.");
        var values = new double[(long)rows * dimensions];
        var offset = 0;
        foreach (var utterance in utterances)
        {
            utterance.Values.CopyTo(values.AsSpan(offset));
            offset += utterance.Values.Length;
        }
        return FeatureMatrix.Wrap(rows, dimensions, values);
    }

    public static int Dimensions(string @class, IReadOnlyList<FeatureMatrix> utterances)
    {
        if (utterances.Count == 0)
            throw new WorkflowException($"Class {@class} has no training files; add some or remove the class folder.");
        var dimensions = utterances[0].Columns;
        foreach (var utterance in utterances)
        {
            if (utterance.Columns != dimensions)
                throw new WorkflowException(
                    $"Class {@class}: feature files have {dimensions} and {utterance.Columns} columns; rebuild features with one setting.");
        }
        return dimensions;
    }

    /// <summary>Per-dimension floor: <paramref name="relative"/> times the variance of that dimension over all frames.</summary>
    public static double[] VarianceFloor(FeatureMatrix frames, double relative)
    {
        var dimensions = frames.Columns;
        var mean = new double[dimensions];
        var squares = new double[dimensions];
        for (var t = 0; t < frames.Rows; t++)
        {
            var row = frames.Row(t);
            for (var d = 0; d < dimensions; d++)
            {
                mean[d] += row[d];
                squares[d] += row[d] * row[d];
            }
        }
        var floor = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            var m = mean[d] / frames.Rows;
            floor[d] = Math.Max(relative * Math.Max(squares[d] / frames.Rows - m * m, 0), 1e-10);
        }
        return floor;
    }
}
