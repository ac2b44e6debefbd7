using Newtonsoft.Json;
using Workflow.Cache;
using Workflow.Features;
using Workflow.Pipeline;
using Workflow.Training;
using static System.FormattableString;

namespace Workflow.Onnx;

/// <summary>
/// Writes the classifier as one ONNX model, from raw samples to the class:
/// <code>
///   input   samples      float32 [samples]  mono, at metadata sample_rate (resampling is not in the graph), N ≥ 1
///   output  scores       float32 [classes]  per-class mean frame log-likelihood, in metadata class_names order
///   output  class_index  int64   [1]        argmax of the scores (computed before the float32 cast; first on ties)
///   metadata  class_names (JSON array), sample_rate, family, features (canonical JSON of the features section),
///             precision, format_version, input, outputs
/// </code>
/// The bytes depend only on the arguments: no clock, fixed producer name and version.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Bump when the graph's inputs, outputs, metadata or layout change.</summary>
    public const int FormatVersion = 1;
    public const string ProducerName = "Workflow";
    public const string SamplesInput = "samples";
    public const string ScoresOutput = "scores";
    public const string ClassIndexOutput = "class_index";
    public const string FeaturesOutput = "features";

    private const string InputNote =
        "samples: mono float32 samples in [-1, 1) at sample_rate Hz, at least one; resample before calling, the graph does not.";

    /// <summary>The whole model for a config; class order (and <c>class_names</c>) is the order of <paramref name="models"/>.</summary>
    public static byte[] Export(WorkflowConfig config, IReadOnlyList<IClassModel> models, OnnxPrecision precision = OnnxPrecision.Float64)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Export(config.Audio.SampleRate, config.Features, config.Train.Family, models, precision);
    }

    /// <summary>Why a pitch model has no model.onnx (the package says so, and predict --engine onnx refuses with it).</summary>
    public const string PitchRefusal =
        "features.kind \"pitch\" (YIN pitch track, tonic and note symbols) with train.family \"discrete-hmm\" cannot be exported to ONNX; " +
        "the package of a pitch model carries no model.onnx: classify with the native engine.";

    public static byte[] Export(int sampleRate, MfccOptions features, string family, IReadOnlyList<IClassModel> models, OnnxPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (features.IsPitch) throw new WorkflowException(PitchRefusal);
        OnnxFeatureGraph.EnsureExportable(features);
        var scorer = OnnxScorers.For(family);
        var columns = new MfccExtractor(features, sampleRate).Columns;

        var g = new GraphBuilder(precision);
        var samples = g.Input(SamplesInput, OnnxDataType.Float, OnnxDimension.Named("samples"));
        var featureValues = OnnxFeatureGraph.Append(g, Compute(g, samples), features, sampleRate);
        var scores = scorer.Append(g, featureValues, columns, models);
        var index = g.Op("ArgMax", "predicted_class", [scores],
            OnnxAttribute.Int("axis", 0), OnnxAttribute.Int("keepdims", 1), OnnxAttribute.Int("select_last_index", 0));
        var floatScores = g.ComputeType == OnnxDataType.Float ? scores : g.Cast(scores, OnnxDataType.Float, "float_scores");
        g.Output(floatScores, ScoresOutput, OnnxDataType.Float, OnnxDimension.Fixed(models.Count));
        g.Output(index, ClassIndexOutput, OnnxDataType.Int64, OnnxDimension.Fixed(1));

        var metadata = Metadata(sampleRate, features, precision);
        metadata["family"] = family;
        metadata["class_names"] = JsonConvert.SerializeObject(models.Select(m => m.Class).ToArray());
        metadata["outputs"] =
            "scores: float32 [classes], each class's mean per-frame log-likelihood, in class_names order; class_index: int64 [1], the index of the highest score (the first on ties).";
        return Model(g.Build("classifier"), "Spoken-class classifier: MFCC features and per-class scores from raw samples.", metadata);
    }

    /// <summary>A model computing only the features ([frames, columns], of the compute type): for checks and for consumers that score elsewhere.</summary>
    public static byte[] ExportFeatures(int sampleRate, MfccOptions features, OnnxPrecision precision)
    {
        OnnxFeatureGraph.EnsureExportable(features);
        var columns = new MfccExtractor(features, sampleRate).Columns;
        var g = new GraphBuilder(precision);
        var samples = g.Input(SamplesInput, OnnxDataType.Float, OnnxDimension.Named("samples"));
        var values = OnnxFeatureGraph.Append(g, Compute(g, samples), features, sampleRate);
        g.Output(values, FeaturesOutput, g.ComputeType, OnnxDimension.Named("frames"), OnnxDimension.Fixed(columns));
        var metadata = Metadata(sampleRate, features, precision);
        metadata["outputs"] = "features: [frames, columns] MFCC frames in the precision's element type.";
        return Model(g.Build("features"), "MFCC features from raw samples.", metadata);
    }

    private static string Compute(GraphBuilder g, string samples) =>
        g.ComputeType == OnnxDataType.Float ? samples : g.ToCompute(samples, "samples_in_compute_type");

    private static Dictionary<string, string> Metadata(int sampleRate, MfccOptions features, OnnxPrecision precision) => new(StringComparer.Ordinal)
    {
        ["format_version"] = Invariant($"{FormatVersion}"),
        ["sample_rate"] = Invariant($"{sampleRate}"),
        ["features"] = CanonicalJson.Serialize(features),
        ["precision"] = precision == OnnxPrecision.Float64 ? "float64" : "float32",
        ["input"] = InputNote,
    };

    private static byte[] Model(OnnxGraph graph, string doc, IReadOnlyDictionary<string, string> metadata) =>
        new OnnxModel(GraphBuilder.IrVersion, GraphBuilder.Opset, ProducerName, Invariant($"{FormatVersion}"), doc, graph, metadata).ToBytes();
}
