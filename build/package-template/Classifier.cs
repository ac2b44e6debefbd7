using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace {{Namespace}};

/// <summary>
/// The {{ModelName}} model: classifies a recording as one of <see cref="Labels"/>. The whole pipeline (features and
/// the per-class models) is <c>model.onnx</c>, embedded in this assembly and run by ONNX Runtime. One instance can
/// serve concurrent <see cref="Classify"/> and <see cref="ClassifyWav"/> calls; dispose it when done.
/// </summary>
public sealed class {{ClassName}} : IDisposable
{
    private const string SamplesInput = "{{SamplesInput}}";
    private const string ScoresOutput = "{{ScoresOutput}}";
    private const string ClassIndexOutput = "{{ClassIndexOutput}}";
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly string[] _labels;

    public {{ClassName}}()
    {
        using var stream = typeof({{ClassName}}).Assembly.GetManifestResourceStream("model.onnx")
            ?? throw new InvalidOperationException("model.onnx is not embedded in {{PackageId}}; the package is damaged, reinstall it.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        // One thread per call: a recording is a small graph, and callers parallelise over recordings.
        _options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(bytes.ToArray(), _options);
        var metadata = _session.ModelMetadata.CustomMetadataMap;
        _labels = JsonSerializer.Deserialize<string[]>(metadata["class_names"])!;
        SampleRate = int.Parse(metadata["sample_rate"], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The classes, in the order of the model's scores.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The rate, in Hz, of the samples <see cref="Classify"/> takes.</summary>
    public int SampleRate { get; }

    /// <summary>Classifies mono samples (nominally in [-1, 1]) recorded at <see cref="SampleRate"/>.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="sampleRate"/> is not <see cref="SampleRate"/> (resample first, or use <see cref="ClassifyWav"/>,
    /// which does), or there are no samples.
    /// </exception>
    public Classification Classify(ReadOnlySpan<float> samples, int sampleRate)
    {
        if (sampleRate != SampleRate)
            throw new ArgumentException(
                $"The samples are at {sampleRate} Hz but the {{ModelName}} model takes {SampleRate} Hz; resample them to {SampleRate} Hz first, or pass a WAV file to ClassifyWav, which resamples.",
                nameof(sampleRate));
        if (samples.IsEmpty) throw new ArgumentException("There are no samples to classify; pass at least one.", nameof(samples));
        using var input = OrtValue.CreateTensorValueFromMemory(samples.ToArray(), [samples.Length]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [SamplesInput], [input], [ScoresOutput, ClassIndexOutput]);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var table = new Dictionary<string, float>(_labels.Length, StringComparer.Ordinal);
        for (var i = 0; i < _labels.Length; i++) table[_labels[i]] = scores[i];
        var chosen = checked((int)outputs[1].GetTensorDataAsSpan<long>()[0]);
        return new Classification(_labels[chosen], table);
    }

    /// <summary>
    /// Reads a WAV file as the build did (any PCM or float layout, channels averaged, resampled to
    /// <see cref="SampleRate"/>) and classifies it.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is missing, unreadable or not a usable WAV file; the message names it and the fix.</exception>
    public Classification ClassifyWav(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var samples = Recording.Read(path, SampleRate);
        return Classify(samples, SampleRate);
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }
}
