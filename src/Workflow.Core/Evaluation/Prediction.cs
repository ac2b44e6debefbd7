namespace Workflow.Evaluation;

/// <summary>One test file's outcome: its true and predicted class and every class model's score.</summary>
public sealed record Prediction(string File, string Truth, string Predicted, IReadOnlyList<double> Scores);
