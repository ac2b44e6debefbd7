using Workflow.Audio;
using Workflow.Cache;
using Workflow.Features;
using Workflow.Training;

namespace Workflow.Registry;

/// <summary>
/// A registered version, loaded and ready to classify audio exactly as the Evaluate stage scores test files: the
/// WAV is read at the package's <c>audio.sampleRate</c>, MFCCs are computed with its <c>features</c> settings, every
/// class model scores them, and the highest score wins.
/// <code>
/// var model = RegisteredModel.Open(new ModelRegistry(dir), "spoken-digits@prod");
/// var result = model.Classify("hello.wav");   // result.Predicted, result.Scores
/// </code>
/// </summary>
public sealed class RegisteredModel : IDisposable
{
    private readonly IReadOnlyList<IClassModel> _models;
    private readonly MfccExtractor? _extractor;
    private readonly PitchExtractor? _pitch;
    private readonly Onnx.OnnxClassifier? _onnx;

    private RegisteredModel(ModelVersion version, PackageContents package, ClassifierEngine engine)
    {
        Version = version;
        _models = package.LoadModels();
        SampleRate = package.SampleRate();
        var features = package.FeatureOptions();
        if (features.IsPitch) _pitch = new PitchExtractor(features.Pitch, SampleRate);
        else _extractor = new MfccExtractor(features, SampleRate);
        if (engine == ClassifierEngine.Onnx && features.IsPitch)
            throw new WorkflowException($"{version.Reference} is a pitch model: {Onnx.OnnxExporter.PitchRefusal}");
        if (engine == ClassifierEngine.Onnx) _onnx = new Onnx.OnnxClassifier(package.Entry("model.onnx"), $"{version.Reference}: model.onnx");
    }

    /// <summary>Which implementation classifies: the C# pipeline, or the package's model.onnx in ONNX Runtime.</summary>
    public ClassifierEngine Engine => _onnx is null ? ClassifierEngine.Native : ClassifierEngine.Onnx;

    public ModelVersion Version { get; }

    public IReadOnlyList<string> Classes => Version.Classes;

    public int SampleRate { get; }

    /// <summary>Opens <paramref name="reference"/> (<c>name/3</c>, <c>name@prod</c> or <c>name</c>), checking the package's hash first.</summary>
    public static RegisteredModel Open(ModelRegistry registry, string reference, ClassifierEngine engine = ClassifierEngine.Native)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var version = registry.Resolve(reference);
        return Load(version, registry.PackagePath(version), engine);
    }

    internal static RegisteredModel Load(ModelVersion version, string path, ClassifierEngine engine = ClassifierEngine.Native)
    {
        if (!File.Exists(path))
            throw new WorkflowException($"The package of {version.Reference} ({path}) is missing; run verify, and register the package again if you still have it.");
        var bytes = File.ReadAllBytes(path);
        if (ContentHash.OfBytes(bytes) != version.PackageSha256)
            throw new WorkflowException($"The package of {version.Reference} ({path}) changed on disk since it was registered; run verify, and register the package again if you still have it.");
        using var stream = new MemoryStream(bytes, writable: false);
        return new RegisteredModel(version, PackageContents.Read(stream, version.Reference), engine);
    }

    /// <summary>A pitch model uses the recording's tonic from <c>&lt;wavPath&gt;.tonic</c> when there is one, as the build does.</summary>
    public Classification Classify(string wavPath)
    {
        var clip = WavReader.Read(wavPath, SampleRate);
        var sidecar = wavPath + ".tonic";
        if (_pitch is not null && File.Exists(sidecar))
            return Classify(_pitch.Extract(clip.Samples, PitchExtractor.ReadTonic(sidecar, sidecar)).ToMatrix(), wavPath);
        return Classify(clip.Samples, wavPath);
    }

    /// <summary>Classifies mono samples already at <see cref="SampleRate"/>; <paramref name="name"/> labels the result.</summary>
    public Classification Classify(ReadOnlySpan<double> samples, string name)
    {
        if (_pitch is not null) return Classify(_pitch.Extract(samples, tonic: null).ToMatrix(), name);
        if (_onnx is null) return Classify(_extractor!.Extract(samples), name);
        var prediction = _onnx.Classify(samples);
        var byClass = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < _onnx.ClassNames.Count; i++) byClass[_onnx.ClassNames[i]] = prediction.Scores[i];
        return new Classification(name, prediction.ClassName, byClass);
    }

    public void Dispose() => _onnx?.Dispose();

    private Classification Classify(FeatureMatrix features, string name)
    {
        var scores = _models.Select(m => m.Score(features)).ToList();
        // Ties go to the first class in order, as in EvaluateStage, so the prediction is deterministic.
        var best = 0;
        for (var i = 1; i < scores.Count; i++) if (scores[i] > scores[best]) best = i;
        var byClass = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < _models.Count; i++) byClass[_models[i].Class] = scores[i];
        return new Classification(name, _models[best].Class, byClass);
    }
}
