using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Newtonsoft.Json;

namespace Workflow.Onnx;

/// <summary>
/// Runs a model written by <see cref="OnnxExporter.Export(int, Features.MfccOptions, string, IReadOnlyList{Training.IClassModel}, OnnxPrecision)"/>
/// with ONNX Runtime. Class names and sample rate come from the model's metadata. One intra-op thread: an utterance
/// is a small graph, and callers parallelise over files (<see cref="Classify(float[])"/> is thread-safe).
/// </summary>
public sealed class OnnxClassifier : IDisposable
{
    private readonly SessionOptions options;
    private readonly InferenceSession session;

    /// <param name="displayName">How error messages name the model, usually its path.</param>
    public OnnxClassifier(byte[] model, string displayName)
    {
        ArgumentNullException.ThrowIfNull(model);
        options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        try
        {
            session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            options.Dispose();
            throw new WorkflowException($"{displayName} cannot be loaded by ONNX Runtime ({e.Message}); rebuild it with the Package target.");
        }

        var metadata = session.ModelMetadata.CustomMetadataMap;
        if (!metadata.TryGetValue("class_names", out var names) || !metadata.TryGetValue("sample_rate", out var rate))
        {
            Dispose();
            throw new WorkflowException($"{displayName} has no class_names or sample_rate metadata, so it is not a Workflow classifier; rebuild it with the Package target.");
        }

        ClassNames = JsonConvert.DeserializeObject<string[]>(names) ?? [];
        SampleRate = int.Parse(rate, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The rate the model expects its samples at; resample to it first.</summary>
    public int SampleRate { get; }

    public OnnxPrediction Classify(ReadOnlySpan<double> samples)
    {
        var values = new float[samples.Length];
        for (var i = 0; i < values.Length; i++) values[i] = (float)samples[i];
        return Classify(values);
    }

    /// <param name="samples">Mono samples at <see cref="SampleRate"/>; at least one.</param>
    public OnnxPrediction Classify(float[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0) throw new ArgumentException("the signal has no samples", nameof(samples));
        using var input = OrtValue.CreateTensorValueFromMemory(samples, [samples.Length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxExporter.SamplesInput], [input], [OnnxExporter.ScoresOutput, OnnxExporter.ClassIndexOutput]);
        var scores = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var index = checked((int)outputs[1].GetTensorDataAsSpan<long>()[0]);
        return new OnnxPrediction(scores, index, ClassNames[index]);
    }

    public void Dispose()
    {
        session.Dispose();
        options.Dispose();
    }
}
