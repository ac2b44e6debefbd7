namespace Workflow.Onnx;

/// <summary>A node attribute; exactly one value field is set, as <see cref="Type"/> says.</summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public OnnxAttributeType Type { get; }

    public float FloatValue { get; private init; }

    public long IntValue { get; private init; }

    public string StringValue { get; private init; } = "";

    public OnnxTensor? TensorValue { get; private init; }

    /// <summary>A subgraph, e.g. the <c>body</c> of Loop or Scan.</summary>
    public OnnxGraph? GraphValue { get; private init; }

    public IReadOnlyList<float> FloatValues { get; private init; } = [];

    public IReadOnlyList<long> IntValues { get; private init; } = [];

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float) { FloatValue = value };

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int) { IntValue = value };

    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeType.String) { StringValue = value };

    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, OnnxAttributeType.Tensor) { TensorValue = value };

    public static OnnxAttribute Graph(string name, OnnxGraph value) => new(name, OnnxAttributeType.Graph) { GraphValue = value };

    public static OnnxAttribute Floats(string name, params float[] values) => new(name, OnnxAttributeType.Floats) { FloatValues = values };

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeType.Ints) { IntValues = values };
}
