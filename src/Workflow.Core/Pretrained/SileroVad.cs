using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Workflow.Pretrained;

/// <summary>
/// Silero VAD v5 (models/silero_vad.onnx): speech probability per window of 256 samples at 8 kHz (512 at 16 kHz),
/// each fed with the previous 32 (64) samples as context and the recurrent state carried over, as Silero's own
/// wrapper does. <see cref="Trim"/> cuts leading and trailing non-speech. Thread-safe: every call keeps its own state.
/// </summary>
public sealed class SileroVad : IDisposable
{
    private readonly InferenceSession _session;

    public SileroVad(byte[] model) => _session = new InferenceSession(model);

    public static int WindowSize(int sampleRate) => sampleRate switch
    {
        8000 => 256,
        16000 => 512,
        _ => throw new WorkflowException($"Silero VAD works at 8000 or 16000 Hz, not {sampleRate}; set audio.sampleRate to one of them or audio.vad to \"none\"."),
    };

    public float[] SpeechProbabilities(ReadOnlySpan<double> samples, int sampleRate)
    {
        var window = WindowSize(sampleRate);
        var context = window / 8;
        var windows = (samples.Length + window - 1) / window;
        var probabilities = new float[windows];
        var state = new DenseTensor<float>(new float[2 * 128], [2, 1, 128]);
        var rate = new DenseTensor<long>(new long[] { sampleRate }, []);
        var input = new float[context + window];
        for (var w = 0; w < windows; w++)
        {
            // The last `context` samples of the previous input lead this one; the tail window is zero-padded.
            Array.Copy(input, window, input, 0, context);
            for (var i = 0; i < window; i++)
            {
                var n = w * window + i;
                input[context + i] = n < samples.Length ? (float)samples[n] : 0f;
            }
            using var results = _session.Run(
            [
                NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(input.ToArray(), [1, input.Length])),
                NamedOnnxValue.CreateFromTensor("state", state),
                NamedOnnxValue.CreateFromTensor("sr", rate),
            ]);
            probabilities[w] = results.First(r => r.Name == "output").AsTensor<float>().GetValue(0);
            state = new DenseTensor<float>(results.First(r => r.Name == "stateN").AsTensor<float>().ToArray(), [2, 1, 128]);
        }
        return probabilities;
    }

    /// <summary>
    /// The samples from the first to the last window whose speech probability reaches <paramref name="threshold"/>,
    /// widened by <paramref name="paddingMs"/>; all of them when no window does (never empty).
    /// </summary>
    public double[] Trim(ReadOnlySpan<double> samples, int sampleRate, double threshold = 0.5, double paddingMs = 100)
    {
        var probabilities = SpeechProbabilities(samples, sampleRate);
        var first = Array.FindIndex(probabilities, p => p >= threshold);
        if (first < 0) return samples.ToArray();
        var last = Array.FindLastIndex(probabilities, p => p >= threshold);
        var window = WindowSize(sampleRate);
        var padding = (int)(paddingMs * sampleRate / 1000);
        var start = Math.Max(0, first * window - padding);
        var end = Math.Min(samples.Length, (last + 1) * window + padding);
        return samples[start..end].ToArray();
    }

    public void Dispose() => _session.Dispose();
}
