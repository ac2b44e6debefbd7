namespace Workflow.Onnx;

/// <summary>
/// A complete model: one graph against one version of the default operator set, plus string metadata (ONNX
/// Runtime shows it as <c>ModelMetadata.CustomMetadataMap</c>). <see cref="ToBytes"/> is deterministic.
/// </summary>
public sealed record OnnxModel(
    long IrVersion,
    long OpsetVersion,
    string ProducerName,
    string ProducerVersion,
    string DocString,
    OnnxGraph Graph,
    IReadOnlyDictionary<string, string> Metadata)
{
    public byte[] ToBytes() => OnnxProtoWriter.Write(this);
}
