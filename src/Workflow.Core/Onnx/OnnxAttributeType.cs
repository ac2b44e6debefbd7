namespace Workflow.Onnx;

/// <summary>onnx.proto's <c>AttributeProto.AttributeType</c>, for the kinds this writer emits.</summary>
public enum OnnxAttributeType
{
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
}
