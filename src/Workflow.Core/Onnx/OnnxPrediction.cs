namespace Workflow.Onnx;

/// <summary>What the exported model says about one recording: every class's score and the chosen class.</summary>
public sealed record OnnxPrediction(IReadOnlyList<float> Scores, int ClassIndex, string ClassName);
