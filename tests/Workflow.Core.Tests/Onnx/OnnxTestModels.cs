using Microsoft.ML.OnnxRuntime;
using Workflow.Audio;
using Workflow.Features;
using Workflow.Onnx;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Onnx;

/// <summary>Runs exported graphs with ONNX Runtime and measures them against the native pipeline.</summary>
internal static class OnnxTestModels
{
    public const int SampleRate = 8000;

    /// <summary>Runs a features-only model; returns its output widened to double, and its shape.</summary>
    public static (int Rows, int Columns, double[] Values) RunFeatures(byte[] model, float[] samples)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(samples, [samples.Length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxExporter.SamplesInput], [input], [OnnxExporter.FeaturesOutput]);
        var shape = outputs[0].GetTensorTypeAndShape();
        var values = shape.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Double
            ? outputs[0].GetTensorDataAsSpan<double>().ToArray()
            : outputs[0].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v).ToArray();
        return ((int)shape.Shape[0], (int)shape.Shape[1], values);
    }

    /// <summary>Worst |onnx - native| / max(|native|, 1) over every value; the shapes must agree.</summary>
    public static double WorstRelativeDifference(MfccOptions options, double[] signal, OnnxPrecision precision)
    {
        var samples = signal.Select(x => (float)x).ToArray();
        // The native side gets the same float-rounded samples, so only the graph's arithmetic is measured.
        var native = new MfccExtractor(options, SampleRate).Extract(samples.Select(x => (double)x).ToArray());
        var (rows, columns, values) = RunFeatures(OnnxExporter.ExportFeatures(SampleRate, options, precision), samples);
        Assert.That((rows, columns), Is.EqualTo((native.Rows, native.Columns)), "shape");
        var worst = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            var expected = native.Values[i];
            worst = Math.Max(worst, Math.Abs(values[i] - expected) / Math.Max(Math.Abs(expected), 1.0));
        }

        return worst;
    }

    public static double[] Chirp(double from, double to, int sampleRate, double seconds)
    {
        var samples = new double[(int)Math.Round(seconds * sampleRate)];
        for (var n = 0; n < samples.Length; n++)
        {
            var t = (double)n / sampleRate;
            samples[n] = 0.4 * Math.Sin(2.0 * Math.PI * (from * t + (to - from) * t * t / (2.0 * seconds)));
        }

        return samples;
    }

    /// <summary>Bundled recordings, <paramref name="perClass"/> of each digit starting at take <paramref name="firstTake"/>, in class order.</summary>
    public static IReadOnlyList<(string Name, string Class, double[] Samples)> Recordings(int perClass, int firstTake, string speaker = "jackson") =>
        Enumerable.Range(0, 10).SelectMany(digit => Enumerable.Range(firstTake, perClass).Select(take =>
        {
            var name = $"{digit}/{digit}_{speaker}_{take}.wav";
            var clip = WavReader.Read(BundledRecordings.PathOf(name), SampleRate);
            return (name, digit.ToString(System.Globalization.CultureInfo.InvariantCulture), clip.Samples.ToArray());
        })).ToArray();

    /// <summary>One Gaussian per class, trained natively on the recordings' features.</summary>
    public static IReadOnlyList<IClassModel> TrainGaussians(MfccOptions options, IEnumerable<(string Name, string Class, double[] Samples)> recordings)
    {
        var extractor = new MfccExtractor(options, SampleRate);
        var trainer = new DiagonalGaussianTrainer(new TrainOptions());
        return recordings.GroupBy(r => r.Class)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IClassModel)trainer.Fit(g.Key, g.Select(r => extractor.Extract(r.Samples)).ToArray()))
            .ToArray();
    }
}
