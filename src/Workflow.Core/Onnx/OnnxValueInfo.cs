namespace Workflow.Onnx;

/// <summary>A graph input or output: name, element type and shape (null: rank unknown).</summary>
public sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, IReadOnlyList<OnnxDimension>? Shape);
