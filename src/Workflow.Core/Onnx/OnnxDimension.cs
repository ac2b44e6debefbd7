namespace Workflow.Onnx;

/// <summary>One dimension of a declared shape: a fixed size, or a named symbolic size such as "samples".</summary>
public readonly record struct OnnxDimension(long? Value, string? Param)
{
    public static OnnxDimension Fixed(long value) => new(value, null);

    public static OnnxDimension Named(string param) => new(null, param);
}
