using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using Workflow.Audio;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Features;
using Workflow.Pipeline;

namespace Workflow.Stages;

/// <summary>
/// One unit per recording: read the WAV, compute its MFCC frames, write them as a feature file; or, with
/// <c>features.kind = "pitch"</c>, its note sequence (the recording's <c>.tonic</c> sidecar, when there is one, is a
/// second input).
/// </summary>
public sealed class ExtractFeaturesStage(Dataset dataset, WorkflowConfig config, Workspace workspace) : IStage
{
    private readonly MfccExtractor? _extractor = config.Features.IsPitch ? null : new(config.Features, config.Audio.SampleRate);
    private readonly PitchExtractor? _pitch = config.Features.IsPitch ? new(config.Features.Pitch, config.Audio.SampleRate) : null;
    private readonly JObject _parameters = Parameters(config);
    private readonly Lazy<Pretrained.SileroVad?> _vad = new(() => Pretrained.VadLoader.Load(config, workspace));

    public string Name => "ExtractFeatures";

    // 2: feature file format 2 (a word-wise checksum); pitch units have their own parameters.
    public int Version => 3; // 3: feature file format 3 (single precision)

    public bool RunsInParallel => true;

    public bool SkipsFailedUnits => config.Audio.OnBadFile == "skip";

    // A recording is read whole: one the runner read to hash it (cold, or changed) is decoded from those bytes.
    public int SharesInputBytesUpTo => 1 << 20;

    public string FailureAdvice =>
        "Fix or remove these files, or set audio.onBadFile to \"skip\" in the config to train without them.";

    public IReadOnlyList<StageUnit> Units()
    {
        // A missing or damaged VAD model is one error up front, not one per recording.
        _ = _vad.Value;
        return UnitsOf();
    }

    // One unit per recording, 100,000 of them: compiled optimised at once (see StageRunner.Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private IReadOnlyList<StageUnit> UnitsOf()
    {
        var tonics = Tonics();
        var units = new List<StageUnit>(dataset.Files.Count);
        foreach (var f in dataset.Files)
            units.Add(new StageUnit(f.RelativePath, Inputs(f), ParametersOf(f, tonics), [FeaturePaths.Of(f, config.Features)]));
        return units;
    }

    // features.pitch.tonics: every row must name a recording of the data (a typo would silently estimate instead).
    private IReadOnlyDictionary<string, double>? Tonics()
    {
        if (_pitch is null || config.Features.Pitch.Tonics is not { } table) return null;
        var tonics = TonicTable.Read(workspace.Resolve(table), table);
        var known = dataset.Files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var unknown = tonics.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new WorkflowException(
                $"{table} gives tonics of {unknown.Count} file(s) that are not recordings of the data ({string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? ", …" : "")}); name each relative to the data folder, e.g. {dataset.Files[0].RelativePath}.");
        return tonics;
    }

    // A recording's row of the tonic table is a parameter of its unit alone: editing one row re-extracts one file.
    // A .tonic sidecar, an input, wins over a row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private JObject ParametersOf(AudioFile file, IReadOnlyDictionary<string, double>? tonics)
    {
        if (tonics is null || !tonics.TryGetValue(file.RelativePath, out var tonic) || File.Exists(workspace.Resolve(FeaturePaths.TonicOf(file))))
            return _parameters;
        var parameters = (JObject)_parameters.DeepClone();
        parameters["tonic"] = tonic;
        return parameters;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<string> Inputs(AudioFile file) =>
        _pitch is not null && File.Exists(workspace.Resolve(FeaturePaths.TonicOf(file))) ? [file.Name, FeaturePaths.TonicOf(file)] : [file.Name];

    public void Run(StageUnit unit, Workspace workspace) => RunHashed(unit, workspace);

    public IReadOnlyDictionary<string, string>? RunHashed(StageUnit unit, Workspace workspace)
    {
        // The samples are lent from a pooled buffer for the extraction only: no large array per recording.
        var rate = config.Audio.SampleRate;
        if (_pitch is not null)
        {
            double? tonic = unit.Inputs.Count > 1 ? PitchExtractor.ReadTonic(workspace.Resolve(unit.Inputs[1]), unit.Inputs[1])
                : unit.Parameters["tonic"]?.Value<double>();
            var notes = WavReader.Read(workspace.Resolve(unit.Inputs[0]), rate, samples => _pitch.Extract(
                _vad.Value is { } v ? v.Trim(samples, rate) : samples, tonic));
            return Written(unit, AtomicFile.WriteHashed(workspace.Resolve(unit.Outputs[0]), notes.WriteTo, bufferSize: 0));
        }

        Func<ReadOnlySpan<double>, Features.FeatureMatrix> extract = samples => _vad.Value is { } vad
            ? _extractor!.Extract(vad.Trim(samples, rate))
            : _extractor!.Extract(samples);
        var path = workspace.Resolve(unit.Inputs[0]);
        var features = unit.InputBytes?.TryGetValue(unit.Inputs[0], out var bytes) == true
            ? WavReader.Read(bytes.Span, path, rate, extract)
            : WavReader.Read(path, rate, extract);
        return Written(unit, AtomicFile.WriteHashed(workspace.Resolve(unit.Outputs[0]), features.WriteTo, bufferSize: 0)); // one span
    }

    private static Dictionary<string, string> Written(StageUnit unit, string hash) => new(StringComparer.Ordinal) { [unit.Outputs[0]] = hash };

    // audio.onBadFile is left out: it decides what happens to failures, not what a unit produces. The VAD model
    // enters by its configured sha256 (verified when loaded), and only when enabled, so other keys stay as they were.
    private static JObject Parameters(WorkflowConfig config)
    {
        var audio = new JObject { ["sampleRate"] = config.Audio.SampleRate };
        if (config.Audio.Vad != "none")
            audio["vad"] = new JObject { ["model"] = config.Audio.Vad, ["sha256"] = Pretrained.VadLoader.Options(config).Sha256 };
        // Pitch features depend on the pitch settings alone (and the note-file format), not on the MFCC ones.
        var features = config.Features.IsPitch
            ? new JObject { ["kind"] = MfccOptions.PitchKind, ["format"] = NoteSequenceFormat.Version, ["pitch"] = PitchSettings(config) }
            : config.Sections("features")["features"];
        return new JObject { ["audio"] = audio, ["features"] = features };
    }

    // The tonic table's path is not what a note sequence depends on; each recording's row is (ParametersOf).
    private static JToken PitchSettings(WorkflowConfig config)
    {
        var pitch = config.Sections("features")["features"]!["pitch"]!.DeepClone();
        if (pitch is JObject settings) settings.Remove("tonics");
        return pitch;
    }
}
