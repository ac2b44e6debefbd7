using Workflow.Features;
using Workflow.Onnx;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Onnx;

/// <summary>
/// Shared set-up of the per-family scorer tests: models trained by the family's real trainer on jackson's takes,
/// checked on nicolas's and theo's takes plus generated audio (quantised to 16 bits, as read from a WAV), including
/// a 60-sample signal of a single frame, shorter than any HMM.
/// </summary>
internal static class OnnxFamilyParity
{
    public static readonly (string Name, MfccOptions Options)[] Settings =
    [
        ("default", new MfccOptions()),
        ("deltas cmvn nMfcc 10 nMels 20", new MfccOptions { Deltas = true, Cmvn = true, NMfcc = 10, NMels = 20 }),
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        from setting in Settings
        from precision in new[] { OnnxPrecision.Float64, OnnxPrecision.Float32 }
        select new TestCaseData(setting.Options, precision).SetArgDisplayNames(setting.Name, precision.ToString());

    public static IReadOnlyList<IClassModel> Train(TrainOptions train, MfccOptions features, IEnumerable<(string Name, string Class, double[] Samples)> recordings)
    {
        var extractor = new MfccExtractor(features, OnnxTestModels.SampleRate);
        var trainer = ClassModelTrainerFactory.Create(train);
        return recordings.GroupBy(r => r.Class)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => trainer.Fit(g.Key, g.Select(r => extractor.Extract(r.Samples)).ToArray()))
            .ToArray();
    }

    public static List<(string Name, double[] Samples)> Files(IReadOnlySet<string>? classes = null)
    {
        var files = OnnxTestModels.Recordings(2, 0, "nicolas").Concat(OnnxTestModels.Recordings(2, 0, "theo"))
            .Where(r => classes is null || classes.Contains(r.Class))
            .Select(r => (r.Name, r.Samples)).ToList();
        files.Add(("tone", Quantised(GeneratedAudio.Sine(440, OnnxTestModels.SampleRate, 0.5))));
        files.Add(("chirp", Quantised(OnnxTestModels.Chirp(200, 3000, OnnxTestModels.SampleRate, 0.6))));
        files.Add(("noise", Quantised(GeneratedAudio.Noise(3000, 0.2, seed: 11))));
        files.Add(("60 samples", Quantised(GeneratedAudio.Noise(60, 0.2, seed: 12))));
        return files;
    }

    /// <summary>Exports, checks every file and asserts the same class everywhere and scores within the tolerance.</summary>
    public static OnnxParityReport Check(string family, MfccOptions options, IReadOnlyList<IClassModel> models, List<(string Name, double[] Samples)> files, OnnxPrecision precision)
    {
        var model = OnnxExporter.Export(OnnxTestModels.SampleRate, options, family, models, precision);
        var report = OnnxParity.Check(model, new MfccExtractor(options, OnnxTestModels.SampleRate), models, files);
        TestContext.Out.WriteLine(
            $"{family} {precision}: {report.SameClass}/{report.Files} same class; max score difference {report.MaxAbsoluteDifference:E2} absolute, {report.MaxRelativeDifference:E2} relative ({report.WorstFile})");
        Assert.That(report.FirstMismatch, Is.Null);
        Assert.That(report.SameClass, Is.EqualTo(files.Count));
        return report;
    }

    public static double[] Quantised(double[] signal) => signal.Select(x => Math.Round(x * 32768.0) / 32768.0).ToArray();
}
