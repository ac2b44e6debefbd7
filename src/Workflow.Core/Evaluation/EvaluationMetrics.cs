namespace Workflow.Evaluation;

/// <summary>
/// <c>artifacts/evaluation/metrics.json</c>: <c>{"accuracy", "macroF1", "trainCount", "testCount", "classes",
/// "perClass": {class: {precision, recall, f1, support}}, "confusion"}</c>; confusion rows are true classes and
/// columns predicted ones, both in <c>classes</c> order.
/// </summary>
public sealed record EvaluationMetrics(
    double Accuracy,
    double MacroF1,
    int TrainCount,
    int TestCount,
    IReadOnlyList<string> Classes,
    IReadOnlyDictionary<string, ClassMetrics> PerClass,
    int[][] Confusion)
{
    public static EvaluationMetrics Compute(IReadOnlyList<string> classes, IReadOnlyList<(string Truth, string Predicted)> outcomes, int trainCount)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var confusion = classes.Select(_ => new int[classes.Count]).ToArray();
        foreach (var (truth, predicted) in outcomes) confusion[index[truth]][index[predicted]]++;

        var perClass = new SortedDictionary<string, ClassMetrics>(StringComparer.Ordinal);
        var f1Sum = 0.0;
        for (var i = 0; i < classes.Count; i++)
        {
            var truePositives = confusion[i][i];
            var predicted = confusion.Sum(row => row[i]);
            var support = confusion[i].Sum();
            var precision = Ratio(truePositives, predicted);
            var recall = Ratio(truePositives, support);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[classes[i]] = new ClassMetrics(Round(precision), Round(recall), Round(f1), support);
            f1Sum += f1;
        }
        var correct = Enumerable.Range(0, classes.Count).Sum(i => confusion[i][i]);
        return new EvaluationMetrics(
            Round(Ratio(correct, outcomes.Count)),
            Round(f1Sum / classes.Count),
            trainCount,
            outcomes.Count,
            classes,
            perClass,
            confusion);
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    // Six decimals: enough to compare runs, and free of float noise in the printed JSON.
    private static double Round(double value) => Math.Round(value, 6);
}
