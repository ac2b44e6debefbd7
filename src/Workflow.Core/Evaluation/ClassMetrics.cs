namespace Workflow.Evaluation;

public sealed record ClassMetrics(double Precision, double Recall, double F1, int Support);
