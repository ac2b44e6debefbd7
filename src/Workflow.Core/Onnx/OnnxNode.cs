namespace Workflow.Onnx;

/// <summary>One operator of the default ONNX domain; an empty input name means "optional input left out".</summary>
public sealed record OnnxNode(
    string Name,
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes);
