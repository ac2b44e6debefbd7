using Newtonsoft.Json.Linq;
using Workflow.Audio;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Features;
using Workflow.Pipeline;

namespace Workflow.Stages;

/// <summary>One unit per recording: read the WAV, compute its MFCC frames, write them as a feature file.</summary>
public sealed class ExtractFeaturesStage(Dataset dataset, WorkflowConfig config, Workspace workspace) : IStage
{
    private readonly MfccExtractor _extractor = new(config.Features, config.Audio.SampleRate);
    private readonly JObject _parameters = Parameters(config);
    private readonly Lazy<Pretrained.SileroVad?> _vad = new(() => Pretrained.VadLoader.Load(config, workspace));

    public string Name => "ExtractFeatures";

    public int Version => 2; // 2: feature file format 2 (a word-wise checksum)

    public bool RunsInParallel => true;

    public bool SkipsFailedUnits => config.Audio.OnBadFile == "skip";

    public string FailureAdvice =>
        "Fix or remove these files, or set audio.onBadFile to \"skip\" in the config to train without them.";

    public IReadOnlyList<StageUnit> Units()
    {
        // A missing or damaged VAD model is one error up front, not one per recording.
        _ = _vad.Value;
        return UnitsOf();
    }

    private IReadOnlyList<StageUnit> UnitsOf() => dataset.Files
        .Select(f => new StageUnit(f.RelativePath, [f.Name], _parameters, [FeaturePaths.Of(f)]))
        .ToList();

    public void Run(StageUnit unit, Workspace workspace)
    {
        // The samples are lent from a pooled buffer for the extraction only: no large array per recording.
        var rate = config.Audio.SampleRate;
        var features = WavReader.Read(workspace.Resolve(unit.Inputs[0]), rate, samples => _vad.Value is { } vad
            ? _extractor.Extract(vad.Trim(samples, rate))
            : _extractor.Extract(samples));
        AtomicFile.Write(workspace.Resolve(unit.Outputs[0]), features.WriteTo, bufferSize: 0); // one span
    }

    // audio.onBadFile is left out: it decides what happens to failures, not what a unit produces. The VAD model
    // enters by its configured sha256 (verified when loaded), and only when enabled, so other keys stay as they were.
    private static JObject Parameters(WorkflowConfig config)
    {
        var audio = new JObject { ["sampleRate"] = config.Audio.SampleRate };
        if (config.Audio.Vad != "none")
            audio["vad"] = new JObject { ["model"] = config.Audio.Vad, ["sha256"] = Pretrained.VadLoader.Options(config).Sha256 };
        return new JObject { ["audio"] = audio, ["features"] = config.Sections("features")["features"] };
    }
}
