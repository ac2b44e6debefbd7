using Newtonsoft.Json.Linq;
using Workflow.Audio;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Features;
using Workflow.Pipeline;

namespace Workflow.Stages;

/// <summary>One unit per recording: read the WAV, compute its MFCC frames, write them as a feature file.</summary>
public sealed class ExtractFeaturesStage(Dataset dataset, WorkflowConfig config) : IStage
{
    private readonly MfccExtractor _extractor = new(config.Features, config.Audio.SampleRate);
    // audio.onBadFile is left out: it decides what happens to failures, not what a unit produces.
    private readonly JObject _parameters = new()
    {
        ["audio"] = new JObject { ["sampleRate"] = config.Audio.SampleRate },
        ["features"] = config.Sections("features")["features"],
    };

    public string Name => "ExtractFeatures";

    public int Version => 1;

    public bool RunsInParallel => true;

    public bool SkipsFailedUnits => config.Audio.OnBadFile == "skip";

    public string FailureAdvice =>
        "Fix or remove these files, or set audio.onBadFile to \"skip\" in the config to train without them.";

    public IReadOnlyList<StageUnit> Units() => dataset.Files
        .Select(f => new StageUnit(f.RelativePath, [f.Name], _parameters, [FeaturePaths.Of(f)]))
        .ToList();

    public void Run(StageUnit unit, Workspace workspace)
    {
        var clip = WavReader.Read(workspace.Resolve(unit.Inputs[0]), config.Audio.SampleRate);
        var features = _extractor.Extract(clip.Samples);
        AtomicFile.Write(workspace.Resolve(unit.Outputs[0]), features.WriteTo);
    }
}
