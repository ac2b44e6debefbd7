namespace Workflow.Packaging;

/// <summary>
/// <c>artifacts/manifest.json</c>: every artifact (path, sha256, bytes), every unit key, and the build's facts
/// (data hash, config hash, tool versions, git commit), how model.onnx compared with the native pipeline and, after
/// the Release target, how the package was released. Deterministic: same inputs, same bytes.
/// A fine-tuned build also records <c>base</c>: the version its models were adapted from (absent otherwise).
/// </summary>
public sealed record BuildManifest(
    int FormatVersion,
    string Model,
    DataFacts Data,
    string ConfigHash,
    IReadOnlyDictionary<string, string> Tools,
    GitFacts Git,
    IReadOnlyList<ArtifactEntry> Artifacts,
    IReadOnlyList<UnitKey> Units,
    Onnx.OnnxParityReport? OnnxParity = null,
    Release.ReleaseFacts? Release = null,
    Variants.VariantChoice? Variant = null,
    [property: Newtonsoft.Json.JsonProperty(NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore)] Registry.BaseVersion? Base = null);
