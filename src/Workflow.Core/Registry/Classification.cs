namespace Workflow.Registry;

/// <summary>
/// The outcome of classifying one recording: the predicted class (highest score; ties go to the first class in
/// the package's class order, as in evaluation) and every class's score, in class order.
/// </summary>
public sealed record Classification(string File, string Predicted, IReadOnlyDictionary<string, double> Scores);
