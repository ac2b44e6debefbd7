using Google.Protobuf;

namespace Workflow.Onnx;

/// <summary>
/// Serialises an <see cref="OnnxModel"/> as an ONNX ModelProto, written field by field with the numbers of
/// onnx/onnx.proto (proto2). Fields are written in ascending field-number order and metadata sorted by key, and
/// nothing depends on the clock or the culture, so the same model always gives the same bytes. Messages used:
/// <code>
///   ModelProto          ir_version=1 producer_name=2 producer_version=3 doc_string=6 graph=7 opset_import=8
///                       metadata_props=14
///   OperatorSetIdProto  domain=1 version=2                  StringStringEntryProto  key=1 value=2
///   GraphProto          node=1 name=2 initializer=5 input=11 output=12
///   NodeProto           input=1 output=2 name=3 op_type=4 attribute=5
///   AttributeProto      name=1 f=2 i=3 s=4 t=5 g=6 floats=7 ints=8 type=20
///   TensorProto         dims=1 data_type=2 name=8 raw_data=9 (little-endian)
///   ValueInfoProto      name=1 type=2;  TypeProto tensor_type=1;  TypeProto.Tensor elem_type=1 shape=2
///   TensorShapeProto    dim=1;  Dimension dim_value=1 dim_param=2
/// </code>
/// Repeated scalars (dims, ints, floats) are written unpacked, as proto2 declares them.
/// </summary>
internal static class OnnxProtoWriter
{
    public static byte[] Write(OnnxModel model) => Message(o =>
    {
        Int64(o, 1, model.IrVersion);
        String(o, 2, model.ProducerName);
        String(o, 3, model.ProducerVersion);
        if (model.DocString.Length > 0) String(o, 6, model.DocString);
        Embedded(o, 7, g => Graph(g, model.Graph));
        Embedded(o, 8, opset =>
        {
            String(opset, 1, "");
            Int64(opset, 2, model.OpsetVersion);
        });
        foreach (var (key, value) in model.Metadata.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Embedded(o, 14, entry =>
            {
                String(entry, 1, key);
                String(entry, 2, value);
            });
        }
    });

    private static void Graph(CodedOutputStream o, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes) Embedded(o, 1, n => Node(n, node));
        String(o, 2, graph.Name);
        foreach (var tensor in graph.Initializers) Embedded(o, 5, t => Tensor(t, tensor));
        foreach (var input in graph.Inputs) Embedded(o, 11, v => ValueInfo(v, input));
        foreach (var output in graph.Outputs) Embedded(o, 12, v => ValueInfo(v, output));
    }

    private static void Node(CodedOutputStream o, OnnxNode node)
    {
        foreach (var input in node.Inputs) String(o, 1, input);
        foreach (var output in node.Outputs) String(o, 2, output);
        String(o, 3, node.Name);
        String(o, 4, node.OpType);
        foreach (var attribute in node.Attributes) Embedded(o, 5, a => Attribute(a, attribute));
    }

    private static void Attribute(CodedOutputStream o, OnnxAttribute attribute)
    {
        String(o, 1, attribute.Name);
        switch (attribute.Type)
        {
            case OnnxAttributeType.Float:
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(attribute.FloatValue);
                break;
            case OnnxAttributeType.Int:
                Int64(o, 3, attribute.IntValue);
                break;
            case OnnxAttributeType.String:
                String(o, 4, attribute.StringValue);
                break;
            case OnnxAttributeType.Tensor:
                Embedded(o, 5, t => Tensor(t, attribute.TensorValue!));
                break;
            case OnnxAttributeType.Graph:
                Embedded(o, 6, g => Graph(g, attribute.GraphValue!));
                break;
            case OnnxAttributeType.Floats:
                foreach (var f in attribute.FloatValues)
                {
                    o.WriteTag(7, WireFormat.WireType.Fixed32);
                    o.WriteFloat(f);
                }

                break;
            case OnnxAttributeType.Ints:
                foreach (var i in attribute.IntValues) Int64(o, 8, i);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(attribute), attribute.Type, "unsupported attribute type");
        }

        Int64(o, 20, (long)attribute.Type);
    }

    private static void Tensor(CodedOutputStream o, OnnxTensor tensor)
    {
        foreach (var d in tensor.Dims) Int64(o, 1, d);
        Int64(o, 2, (long)tensor.DataType);
        String(o, 8, tensor.Name);
        o.WriteTag(9, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(tensor.RawData));
    }

    private static void ValueInfo(CodedOutputStream o, OnnxValueInfo value)
    {
        String(o, 1, value.Name);
        Embedded(o, 2, type => Embedded(type, 1, tensor =>
        {
            Int64(tensor, 1, (long)value.ElementType);
            if (value.Shape is { } shape)
            {
                Embedded(tensor, 2, s =>
                {
                    foreach (var dim in shape) Embedded(s, 1, d => Dimension(d, dim));
                });
            }
        }));
    }

    private static void Dimension(CodedOutputStream o, OnnxDimension dim)
    {
        if (dim.Value is { } value) Int64(o, 1, value);
        else String(o, 2, dim.Param ?? throw new ArgumentException("a dimension needs a value or a name"));
    }

    private static void Int64(CodedOutputStream o, int field, long value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    }

    private static void String(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    /// <summary>A nested message: written to its own buffer first, since its length prefix comes before it.</summary>
    private static void Embedded(CodedOutputStream o, int field, Action<CodedOutputStream> write)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(Message(write)));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }
}
