namespace Workflow.Registry;

/// <summary>How a registered model classifies: the C# pipeline, or the package's model.onnx in ONNX Runtime.</summary>
public enum ClassifierEngine
{
    Native,
    Onnx,
}
