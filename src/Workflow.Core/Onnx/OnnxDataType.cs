namespace Workflow.Onnx;

/// <summary>The element types this writer uses, numbered as onnx.proto's <c>TensorProto.DataType</c>.</summary>
public enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
    Bool = 9,
    Double = 11,
}
