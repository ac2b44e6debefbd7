namespace Workflow.Onnx;

/// <summary>
/// Builds one ONNX graph (opset <see cref="Opset"/>) step by step: every helper adds a node or an initializer and
/// returns the name of the value it produces, so pipelines read as chains of calls. Names are made unique from a
/// readable hint ("frames", "frames_2", …) in creation order, which keeps the bytes deterministic. Real constants are
/// stored in <see cref="ComputeType"/>, the element type the graph computes in. Subgraphs (Loop/Scan bodies) come from
/// <see cref="CreateSubgraph"/> and share the name scope, since ONNX forbids a body value shadowing an outer one.
/// </summary>
public sealed class GraphBuilder
{
    public const int Opset = 17;

    /// <summary>IR version 8 is the one that goes with opset 17; ONNX Runtime rejects a model without one.</summary>
    public const int IrVersion = 8;

    private readonly Dictionary<string, int> names;
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxTensor> initializers = [];
    private readonly List<OnnxValueInfo> inputs = [];
    private readonly List<OnnxValueInfo> outputs = [];

    public GraphBuilder(OnnxPrecision precision)
        : this(precision, new Dictionary<string, int>(StringComparer.Ordinal))
    {
    }

    private GraphBuilder(OnnxPrecision precision, Dictionary<string, int> names)
    {
        Precision = precision;
        this.names = names;
    }

    public OnnxPrecision Precision { get; }

    public OnnxDataType ComputeType => Precision == OnnxPrecision.Float64 ? OnnxDataType.Double : OnnxDataType.Float;

    /// <summary>A builder for a subgraph (e.g. a Loop or Scan body) whose names cannot clash with this graph's.</summary>
    public GraphBuilder CreateSubgraph() => new(Precision, names);

    /// <summary>Declares a graph input; its name is used as given.</summary>
    public string Input(string name, OnnxDataType type, params OnnxDimension[] shape)
    {
        Reserve(name);
        inputs.Add(new OnnxValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> as the graph output <paramref name="name"/> (through an Identity node).</summary>
    public void Output(string value, string name, OnnxDataType type, params OnnxDimension[] shape)
    {
        Reserve(name);
        nodes.Add(new OnnxNode(Unique("Identity"), "Identity", [value], [name], []));
        outputs.Add(new OnnxValueInfo(name, type, shape));
    }

    /// <summary>Adds a node with one output, named after <paramref name="hint"/> (or the operator).</summary>
    public string Op(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        Op(opType, inputs, 1, null, attributes)[0];

    public string Op(string opType, string hint, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        Op(opType, inputs, 1, hint, attributes)[0];

    /// <summary>Adds a node with several outputs (Loop, Scan, Split, …).</summary>
    public IReadOnlyList<string> Op(string opType, IReadOnlyList<string> inputs, int outputCount, string? hint, params OnnxAttribute[] attributes)
    {
        var stem = hint ?? opType.ToLowerInvariant();
        var results = Enumerable.Range(0, outputCount).Select(_ => Unique(stem)).ToArray();
        nodes.Add(new OnnxNode(Unique(opType), opType, inputs.ToArray(), results, attributes));
        return results;
    }

    /// <summary>A constant of <see cref="ComputeType"/>; no dims means a scalar.</summary>
    public string Constant(string hint, ReadOnlySpan<double> values, params long[] dims) =>
        Add(OnnxTensor.Real(Unique(hint), ComputeType, values, dims));

    public string Scalar(string hint, double value) => Constant(hint, [value]);

    /// <summary>A double scalar whatever the compute type: for index arithmetic that must round as the native code does.</summary>
    public string DoubleScalar(string hint, double value) => Add(OnnxTensor.Real(Unique(hint), OnnxDataType.Double, [value]));

    public string Int64Tensor(string hint, ReadOnlySpan<long> values, params long[] dims) => Add(OnnxTensor.Int64(Unique(hint), values, dims));

    public string Int64Scalar(string hint, long value) => Int64Tensor(hint, [value]);

    /// <summary>A 1-D int64 constant, the form Slice, Pad, Squeeze and friends take their index lists in.</summary>
    public string Int64s(string hint, params long[] values) => Int64Tensor(hint, values, values.Length);

    public string Cast(string value, OnnxDataType to, string? hint = null) =>
        Op("Cast", hint ?? "cast", [value], OnnxAttribute.Int("to", (long)to));

    public string ToCompute(string value, string? hint = null) => Cast(value, ComputeType, hint);

    public string Slice(string value, long[] starts, long[] ends, long[] axes, string? hint = null) =>
        Op("Slice", hint ?? "slice", [value, Int64s("starts", starts), Int64s("ends", ends), Int64s("axes", axes)]);

    public string Unsqueeze(string value, params long[] axes) => Op("Unsqueeze", [value, Int64s("axes", axes)]);

    public string Squeeze(string value, params long[] axes) => Op("Squeeze", [value, Int64s("axes", axes)]);

    /// <summary>ReduceSum takes its axes as an input from opset 13 on.</summary>
    public string ReduceSum(string value, long[] axes, bool keepDims, string? hint = null) =>
        Op("ReduceSum", hint ?? "sum", [value, Int64s("axes", axes)], OnnxAttribute.Int("keepdims", keepDims ? 1 : 0));

    /// <summary>ReduceMean (like ReduceLogSumExp, ReduceMax, …) takes its axes as an attribute up to opset 17, as an input from 18.</summary>
    public string ReduceMean(string value, long[]? axes, bool keepDims, string? hint = null) =>
        Reduce("ReduceMean", value, axes, keepDims, hint ?? "mean");

    /// <summary>
    /// Any reduction other than ReduceSum (ReduceMean, ReduceMax, ReduceMin, ReduceLogSumExp, …), its axes an
    /// attribute as opset 17 wants; no axes means all of them.
    /// </summary>
    public string Reduce(string opType, string value, long[]? axes, bool keepDims, string? hint = null)
    {
        var keep = OnnxAttribute.Int("keepdims", keepDims ? 1 : 0);
        return axes is null
            ? Op(opType, hint ?? opType.ToLowerInvariant(), [value], keep)
            : Op(opType, hint ?? opType.ToLowerInvariant(), [value], OnnxAttribute.Ints("axes", axes), keep);
    }

    public OnnxGraph Build(string name) =>
        new(name, nodes.ToArray(), initializers.ToArray(), inputs.ToArray(), outputs.ToArray());

    private string Add(OnnxTensor tensor)
    {
        initializers.Add(tensor);
        return tensor.Name;
    }

    private void Reserve(string name)
    {
        if (!names.TryAdd(name, 1))
            throw new ArgumentException($"the name '{name}' is already used in this graph", nameof(name));
    }

    private string Unique(string hint)
    {
        if (names.TryAdd(hint, 1)) return hint;
        while (true)
        {
            var n = ++names[hint];
            var candidate = $"{hint}_{n}";
            if (names.TryAdd(candidate, 1)) return candidate;
        }
    }
}
