using Workflow.Features;
using Workflow.Onnx;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Onnx;

public sealed class OnnxParityTests
{
    private static readonly (string, MfccOptions)[] Settings =
    [
        ("default", new MfccOptions()),
        ("deltas", new MfccOptions { Deltas = true }),
        ("hann periodic nMels 40 lifter 22 padEnd removeDc magnitude", new MfccOptions
        {
            Window = "hann", Periodic = true, NMels = 40, Lifter = 22, PadEnd = true, RemoveDc = true, Magnitude = true,
        }),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from setting in Settings
        from precision in new[] { OnnxPrecision.Float64, OnnxPrecision.Float32 }
        select new TestCaseData(setting.Item2, precision).SetArgDisplayNames(setting.Item1, precision.ToString());

    /// <summary>
    /// Trained on jackson takes 0-9, tested on nicolas and theo takes 0-2 plus generated audio, quantised to 16 bits as
    /// if read from a WAV: the model's input is float32, and a pure tone's near-empty mel bands are sensitive enough
    /// that rounding double samples to float moves its scores by ~1e-4. Pure tones are left out for float32 graphs,
    /// whose own rounding does the same (the reason <see cref="OnnxPrecision.Float64"/> is the default).
    /// </summary>
    private static (IReadOnlyList<IClassModel> Models, List<(string Name, double[] Samples)> Files) Setup(MfccOptions options, bool tones = true)
    {
        var models = OnnxTestModels.TrainGaussians(options, OnnxTestModels.Recordings(perClass: 10, firstTake: 0));
        var files = OnnxTestModels.Recordings(3, 0, "nicolas").Concat(OnnxTestModels.Recordings(3, 0, "theo"))
            .Select(r => (r.Name, r.Samples)).ToList();
        if (tones)
        {
            files.Add(("tone", Quantised(GeneratedAudio.Sine(440, OnnxTestModels.SampleRate, 0.5))));
            files.Add(("chirp", Quantised(OnnxTestModels.Chirp(200, 3000, OnnxTestModels.SampleRate, 0.6))));
        }

        files.Add(("noise", Quantised(GeneratedAudio.Noise(3000, 0.2, seed: 11))));
        files.Add(("60 samples", Quantised(GeneratedAudio.Noise(60, 0.2, seed: 12))));
        return (models, files);
    }

    private static double[] Quantised(double[] signal) => signal.Select(x => Math.Round(x * 32768.0) / 32768.0).ToArray();

    public sealed class TheCheckMethod
    {
        [TestCaseSource(typeof(OnnxParityTests), nameof(Cases))]
        public void Should_Agree_With_The_Native_Pipeline(MfccOptions options, OnnxPrecision precision)
        {
            // Given
            var (models, files) = Setup(options, tones: precision == OnnxPrecision.Float64);
            var model = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "gaussian", models, precision);

            // When
            var report = OnnxParity.Check(model, new MfccExtractor(options, OnnxTestModels.SampleRate), models, files);

            // Then
            TestContext.Out.WriteLine(
                $"{report.SameClass}/{report.Files} same class; max score difference {report.MaxAbsoluteDifference:E2} absolute, {report.MaxRelativeDifference:E2} relative ({report.WorstFile})");
            Assert.That(report.FirstMismatch, Is.Null);
            Assert.That(report.SameClass, Is.EqualTo(files.Count));
            // Float64: the scores output is float32, so ~6e-8 relative is its rounding alone.
            Assert.That(report.MaxRelativeDifference, Is.LessThan(precision == OnnxPrecision.Float64 ? 1e-6 : OnnxParity.DefaultTolerance));
        }

        [Test]
        public void Should_Call_A_Tie_A_Tie()
        {
            // Given: per-utterance CMVN makes every class's Gaussian N(0, 1), so all scores tie to rounding
            var options = new MfccOptions { Cmvn = true };
            var (models, files) = Setup(options);
            var model = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "gaussian", models, OnnxPrecision.Float64);

            // When
            var report = OnnxParity.Check(model, new MfccExtractor(options, OnnxTestModels.SampleRate), models, files);

            // Then
            TestContext.Out.WriteLine(report.FirstMismatch);
            Assert.That(report.MaxRelativeDifference, Is.LessThan(1e-6));
            Assert.That(report.FirstMismatch, Is.Null.Or.EndsWith("a tie the models cannot break)"));
        }

        [Test]
        public void Should_Name_The_First_File_Where_The_Model_Differs()
        {
            // Given: an ONNX model exported from other models than those it is checked against
            var options = new MfccOptions();
            var (models, files) = Setup(options);
            var shifted = models.Cast<DiagonalGaussianModel>()
                .Select(m => new DiagonalGaussianModel(m.Class, m.Mean.Select(v => v + 0.01).ToArray(), m.Variance)).ToArray<IClassModel>();
            var model = OnnxExporter.Export(OnnxTestModels.SampleRate, options, "gaussian", shifted, OnnxPrecision.Float64);

            // When
            var report = OnnxParity.Check(model, new MfccExtractor(options, OnnxTestModels.SampleRate), models, files);

            // Then
            Assert.That(report.Passed, Is.False);
            Assert.That(report.Files, Is.EqualTo(files.Count));
            Assert.That(report.FirstMismatch, Does.StartWith("0/0_nicolas_0.wav: the score of class '0' is "));
            Assert.That(() => report.EnsurePassed(), Throws.TypeOf<WorkflowException>().With.Message.StartWith(
                "model.onnx does not match the native pipeline: 0/0_nicolas_0.wav: the score of class '0' is "));
        }
    }
}
