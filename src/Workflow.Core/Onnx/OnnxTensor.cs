using System.Buffers.Binary;

namespace Workflow.Onnx;

/// <summary>A constant tensor (an initializer or a TENSOR attribute), its values as little-endian raw bytes.</summary>
public sealed record OnnxTensor(string Name, OnnxDataType DataType, IReadOnlyList<long> Dims, byte[] RawData)
{
    /// <summary>Values rounded to <paramref name="type"/>, which must be <see cref="OnnxDataType.Float"/> or <see cref="OnnxDataType.Double"/>.</summary>
    public static OnnxTensor Real(string name, OnnxDataType type, ReadOnlySpan<double> values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        byte[] raw;
        switch (type)
        {
            case OnnxDataType.Double:
                raw = new byte[8 * values.Length];
                for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(8 * i), values[i]);
                break;
            case OnnxDataType.Float:
                raw = new byte[4 * values.Length];
                for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), (float)values[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "a real tensor is float or double");
        }

        return new OnnxTensor(name, type, dims, raw);
    }

    public static OnnxTensor Int64(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        var raw = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8 * i), values[i]);
        return new OnnxTensor(name, OnnxDataType.Int64, dims, raw);
    }

    private static void CheckCount(int count, long[] dims)
    {
        var expected = dims.Aggregate(1L, (product, d) => product * d);
        if (expected != count)
            throw new ArgumentException($"{count} values do not fill a tensor of shape [{string.Join(", ", dims)}]");
    }
}
