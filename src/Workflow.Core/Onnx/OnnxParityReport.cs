namespace Workflow.Onnx;

/// <summary>
/// How closely the ONNX model reproduces the native pipeline over a set of files. Differences are per class score;
/// relative ones are |onnx - native| / max(|native|, 1), so scores near zero are compared absolutely.
/// </summary>
public sealed record OnnxParityReport(
    int Files,
    int SameClass,
    double MaxAbsoluteDifference,
    double MaxRelativeDifference,
    string? WorstFile,
    double Tolerance,
    string? FirstMismatch)
{
    public bool Passed => FirstMismatch is null;

    public void EnsurePassed()
    {
        if (!Passed) throw new WorkflowException($"model.onnx does not match the native pipeline: {FirstMismatch}.");
    }
}
