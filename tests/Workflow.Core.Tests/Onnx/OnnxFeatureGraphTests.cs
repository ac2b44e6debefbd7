using Workflow.Features;
using Workflow.Onnx;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Onnx;

public sealed class OnnxFeatureGraphTests
{
    private const int Rate = OnnxTestModels.SampleRate;

    /// <summary>Every exportable setting at least once, alone or combined.</summary>
    private static readonly (string Name, MfccOptions Options)[] Settings =
    [
        ("default", new MfccOptions()),
        ("deltas+cmvn", new MfccOptions { Deltas = true, Cmvn = true }),
        ("hann periodic nMels 40 nMfcc 20", new MfccOptions { Window = "hann", Periodic = true, NMels = 40, NMfcc = 20 }),
        ("lifter 22", new MfccOptions { Lifter = 22 }),
        ("padEnd", new MfccOptions { PadEnd = true }),
        ("magnitude powerNorm nfft", new MfccOptions { Magnitude = true, PowerNorm = "nfft" }),
        ("removeDc", new MfccOptions { RemoveDc = true }),
        ("rect nfft 512 slaney fmin fmax", new MfccOptions { Window = "rect", Nfft = 512, FbNorm = "slaney", Fmin = 100, Fmax = 3600 }),
        ("no preemph, logFloor 1e-3", new MfccOptions { Preemph = 0, LogFloor = 1e-3 }),
        ("hop longer than frame, padEnd, deltas", new MfccOptions { FrameMs = 10, HopMs = 30, PadEnd = true, Deltas = true }),
        ("dynamicRangeDb 30, preemph 0.4, deltas+cmvn", new MfccOptions { DynamicRangeDb = 30, Preemph = 0.4, Deltas = true, Cmvn = true }),
        ("dynamicRangeDb 10 above logFloor 1e-3", new MfccOptions { DynamicRangeDb = 10, LogFloor = 1e-3 }),
        ("spectralSubtraction, bundled config", new MfccOptions
        {
            Preemph = 0.3, NMels = 16, NMfcc = 9, Fmin = 150, DynamicRangeDb = 35, SpectralSubtraction = new(), Deltas = true, Cmvn = true,
        }),
        ("spectralSubtraction 0.5 x2 floor 0.01, no dynamic range", new MfccOptions
        {
            SpectralSubtraction = new() { QuietFraction = 0.5, Factor = 2, Floor = 0.01 },
        }),
    ];

    private static readonly (string Name, double[] Signal)[] Signals =
    [
        ("tone 440 Hz", GeneratedAudio.Sine(440, Rate, 0.5)),
        ("chirp 100-3500 Hz", OnnxTestModels.Chirp(100, 3500, Rate, 0.4)),
        ("noise", GeneratedAudio.Noise(2345, 0.3, seed: 7)),
        ("tone with DC offset", GeneratedAudio.Sine(1000, Rate, 0.3).Select(x => x + 0.2).ToArray()),
        ("silence", new double[1600]),
        ("50 samples, under one frame", GeneratedAudio.Noise(50, 0.5, seed: 3)),
        ("one frame exactly", GeneratedAudio.Noise(200, 0.5, seed: 4)),
        ("one frame and one sample", GeneratedAudio.Noise(201, 0.5, seed: 5)),
        ("one sample", [0.25]),
    ];

    private static IEnumerable<TestCaseData> Cases(OnnxPrecision precision) =>
        from setting in Settings
        from signal in Signals
        select new TestCaseData(setting.Options, signal.Signal, precision).SetArgDisplayNames(setting.Name, signal.Name, precision.ToString());

    private static IEnumerable<TestCaseData> Float64Cases() => Cases(OnnxPrecision.Float64);

    /// <summary>
    /// Broadband signals only: in float32 a pure tone's near-empty mel bands carry FFT rounding of ~1e-7 of the
    /// frame's energy, which the log turns into differences up to ~2e-2 there (measured); Float64 exists for that.
    /// </summary>
    private static IEnumerable<TestCaseData> Float32Cases() =>
        Cases(OnnxPrecision.Float32).Where(c => c.Arguments[1] is double[] { Length: > 2000 } signal && Signals.Single(s => s.Signal == signal).Name == "noise");

    public sealed class TheAppendMethod
    {
        [TestCaseSource(typeof(OnnxFeatureGraphTests), nameof(Float64Cases))]
        public void Should_Match_The_Extractor_In_Float64(MfccOptions options, double[] signal, OnnxPrecision precision)
        {
            // Given / When
            var worst = OnnxTestModels.WorstRelativeDifference(options, signal, precision);

            // Then
            TestContext.Out.WriteLine($"worst relative difference {worst:E2}");
            Assert.That(worst, Is.LessThan(1e-9));
        }

        [TestCaseSource(typeof(OnnxFeatureGraphTests), nameof(Float32Cases))]
        public void Should_Match_The_Extractor_To_Float32_Rounding(MfccOptions options, double[] signal, OnnxPrecision precision)
        {
            // Given / When
            var worst = OnnxTestModels.WorstRelativeDifference(options, signal, precision);

            // Then
            TestContext.Out.WriteLine($"worst relative difference {worst:E2}");
            Assert.That(worst, Is.LessThan(1e-3));
        }

        [TestCase("default")]
        [TestCase("deltas+cmvn")]
        [TestCase("lifter 22")]
        [TestCase("dynamicRangeDb 30, preemph 0.4, deltas+cmvn")]
        [TestCase("spectralSubtraction, bundled config")]
        public void Should_Match_The_Extractor_On_Real_Recordings(string setting)
        {
            // Given
            var options = Settings.Single(s => s.Name == setting).Options;
            var recordings = OnnxTestModels.Recordings(perClass: 1, firstTake: 0, speaker: "theo");

            // When
            var worst = recordings.Max(r => OnnxTestModels.WorstRelativeDifference(options, r.Samples, OnnxPrecision.Float64));
            var worstFloat32 = recordings.Max(r => OnnxTestModels.WorstRelativeDifference(options, r.Samples, OnnxPrecision.Float32));

            // Then
            TestContext.Out.WriteLine($"worst relative difference: float64 {worst:E2}, float32 {worstFloat32:E2}");
            Assert.That(worst, Is.LessThan(1e-9));
            Assert.That(worstFloat32, Is.LessThan(1e-3));
        }

        [Test]
        public void Should_Refuse_Silence_Trimming()
        {
            // Given
            var g = new GraphBuilder(OnnxPrecision.Float64);
            var samples = g.Input("samples", OnnxDataType.Double, OnnxDimension.Named("samples"));

            // When / Then
            Assert.That(() => OnnxFeatureGraph.Append(g, samples, new MfccOptions { TrimSilence = true }, Rate),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "features.trimSilence cannot be exported to ONNX; set it to false, or trim the recordings before they reach the model."));
        }
    }
}
