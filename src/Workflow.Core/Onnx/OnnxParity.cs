using Workflow.Features;
using Workflow.Training;
using static System.FormattableString;

namespace Workflow.Onnx;

/// <summary>
/// The proof that an exported model is the native pipeline: every file is scored by both, and the predicted class
/// must agree on every file and every class score within <see cref="OnnxParityReport.Tolerance"/> (relative). Every
/// file is checked even after a mismatch, so the figures always cover the whole set.
/// </summary>
public static class OnnxParity
{
    public const double DefaultTolerance = 1e-4;

    /// <param name="models">The models the ONNX model was exported from, in its class order.</param>
    /// <param name="files">Name (for messages) and samples at the extractor's rate, as the native pipeline reads them.</param>
    public static OnnxParityReport Check(
        byte[] onnxModel, MfccExtractor extractor, IReadOnlyList<IClassModel> models,
        IEnumerable<(string Name, double[] Samples)> files, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(files);
        using var classifier = new OnnxClassifier(onnxModel, "model.onnx");
        int count = 0, sameClass = 0;
        double maxAbsolute = 0, maxRelative = 0;
        string? worst = null, firstMismatch = null;
        foreach (var (name, samples) in files)
        {
            var features = extractor.Extract(samples);
            var native = models.Select(m => m.Score(features)).ToArray();
            var nativeIndex = ArgMax(native);
            var onnx = classifier.Classify(samples);
            count++;
            if (onnx.ClassIndex == nativeIndex) sameClass++;
            else firstMismatch ??= ClassMismatch(name, models, native, onnx, nativeIndex);

            for (var k = 0; k < native.Length; k++)
            {
                var absolute = Math.Abs(onnx.Scores[k] - native[k]);
                var relative = absolute / Math.Max(Math.Abs(native[k]), 1.0);
                maxAbsolute = Math.Max(maxAbsolute, absolute);
                if (relative > maxRelative)
                {
                    maxRelative = relative;
                    worst = name;
                }

                if (relative > tolerance || double.IsNaN(onnx.Scores[k]))
                    firstMismatch ??= Invariant(
                        $"{name}: the score of class '{models[k].Class}' is {onnx.Scores[k]:R} in ONNX and {native[k]:R} natively, {relative:E2} relative, above the tolerance of {tolerance:E0}");
            }
        }

        return new OnnxParityReport(count, sameClass, maxAbsolute, maxRelative, worst, tolerance, firstMismatch);
    }

    private static string ClassMismatch(string name, IReadOnlyList<IClassModel> models, double[] native, OnnxPrediction onnx, int nativeIndex)
    {
        var message = $"{name}: ONNX predicts class '{onnx.ClassName}' but the native pipeline predicts '{models[nativeIndex].Class}'";
        var gap = native[nativeIndex] - native[onnx.ClassIndex];
        // Models that cannot tell classes apart (e.g. a Gaussian on CMVN features: every class N(0, 1)) tie to the
        // last bits, and rounding then picks the class; say so rather than blame the export.
        return gap <= DefaultTolerance * Math.Max(Math.Abs(native[nativeIndex]), 1.0)
            ? message + Invariant($" (their native scores differ by only {gap:E1}: a tie the models cannot break)")
            : message;
    }

    /// <summary>The first index of the highest score, as the Evaluate stage picks it.</summary>
    private static int ArgMax(double[] scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        return best;
    }
}
