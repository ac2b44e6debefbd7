using Workflow.Features;

namespace Workflow.Tests.Features;

public sealed class MfccOptionsTests
{
    public sealed class TheDefaults
    {
        [Test]
        public void Should_Match_The_Reference_Defaults()
        {
            // Given / When
            var options = new MfccOptions();

            // Then
            Assert.That(options, Is.EqualTo(new MfccOptions
            {
                Preemph = 0.97, RemoveDc = false, FrameMs = 25, HopMs = 10, PadEnd = false, Window = "hamming", Periodic = false,
                Nfft = null, Magnitude = false, PowerNorm = "none", NMels = 26, Fmin = 0, Fmax = null, FbNorm = "none",
                LogFloor = 1e-10, NMfcc = 13, Lifter = 0, Deltas = false, Cmvn = false, TrimSilence = false, TrimThresholdDb = 30,
            }));
        }
    }

    public sealed class TheFrameLengthMethod
    {
        [TestCase(25.0, 8000, 200)]
        [TestCase(25.0, 11025, 276)]
        [TestCase(0.3125, 8000, 2)] // 2.5 rounds half to even, as Python's round()
        [TestCase(0.4375, 8000, 4)] // 3.5 rounds to 4
        public void Should_Round_Half_To_Even(double frameMs, int sampleRate, int expected)
        {
            // Given
            var options = new MfccOptions { FrameMs = frameMs };

            // When
            var length = options.FrameLength(sampleRate);

            // Then
            Assert.That(length, Is.EqualTo(expected));
        }
    }

    public sealed class TheValidateMethod
    {
        private static IEnumerable<TestCaseData> Invalid()
        {
            var o = new MfccOptions();
            yield return Case(o with { Preemph = 1.5 }, "features.preemph must be between 0 and 1 (got 1.5).");
            yield return Case(o with { Preemph = double.NaN }, "features.preemph must be between 0 and 1 (got NaN).");
            yield return Case(o with { FrameMs = 0 }, "features.frameMs must be between 0 and 1000 (got 0).");
            yield return Case(o with { HopMs = -10 }, "features.hopMs must be between 0 and 1000 (got -10).");
            yield return Case(o with { FrameMs = 0.1 },
                "features.frameMs = 0.1 gives a frame of 1 samples at 8000 Hz; use a frame of at least 2 samples.");
            yield return Case(o with { HopMs = 0.05 },
                "features.hopMs = 0.05 gives a hop of 0 samples at 8000 Hz; use a hop of at least 1 sample.");
            yield return Case(o with { Window = "blackman" }, "features.window must be one of 'hamming', 'hann', 'rect' (got 'blackman').");
            yield return Case(o with { Nfft = 300 }, "features.nfft must be a power of two up to 65536, or unset for automatic (got 300).");
            yield return Case(o with { Nfft = 128 }, "features.nfft must be at least the frame length of 200 samples (got 128).");
            yield return Case(o with { PowerNorm = "max" }, "features.powerNorm must be one of 'none', 'nfft' (got 'max').");
            yield return Case(o with { NMels = 0 }, "features.nMels must be between 1 and 512 (got 0).");
            yield return Case(o with { NMels = 513 }, "features.nMels must be between 1 and 512 (got 513).");
            yield return Case(o with { Fmax = 5000 }, "features.fmax must be above 0 and at most half the sample rate, 4000 Hz (got 5000).");
            yield return Case(o with { Fmin = 4000 }, "features.fmin must be at least 0 and below fmax = 4000 Hz (got 4000).");
            yield return Case(o with { Fmin = 300, Fmax = 200 }, "features.fmin must be at least 0 and below fmax = 200 Hz (got 300).");
            yield return Case(o with { FbNorm = "area" }, "features.fbNorm must be one of 'none', 'slaney' (got 'area').");
            yield return Case(o with { LogFloor = 0 }, "features.logFloor must be greater than 0 (got 0).");
            yield return Case(o with { NMfcc = 27 }, "features.nMfcc must be between 1 and nMels = 26 (got 27).");
            yield return Case(o with { Lifter = -1 }, "features.lifter must be 0 (off) or positive (got -1).");
            yield return Case(o with { TrimThresholdDb = 0 }, "features.trimThresholdDb must be between 0 and 200 (got 0).");
            yield return Case(o with { DynamicRangeDb = 0 }, "features.dynamicRangeDb must be between 0 and 200, or null for none (got 0).");
            yield return Case(o with { DynamicRangeDb = 250 }, "features.dynamicRangeDb must be between 0 and 200, or null for none (got 250).");
            yield return Case(o with { SpectralSubtraction = new() { QuietFraction = 0 } },
                "features.spectralSubtraction.quietFraction must be above 0 and at most 1 (got 0).");
            yield return Case(o with { SpectralSubtraction = new() { QuietFraction = 1.5 } },
                "features.spectralSubtraction.quietFraction must be above 0 and at most 1 (got 1.5).");
            yield return Case(o with { SpectralSubtraction = new() { Factor = -0.5 } },
                "features.spectralSubtraction.factor must be between 0 and 10 (got -0.5).");
            yield return Case(o with { SpectralSubtraction = new() { Factor = 11 } }, "features.spectralSubtraction.factor must be between 0 and 10 (got 11).");
            yield return Case(o with { SpectralSubtraction = new() { Floor = 0 } }, "features.spectralSubtraction.floor must be above 0 and at most 1 (got 0).");
            yield return Case(o with { SpectralSubtraction = new() { Floor = 2 } }, "features.spectralSubtraction.floor must be above 0 and at most 1 (got 2).");
        }

        private static TestCaseData Case(MfccOptions options, string message) => new TestCaseData(options, message).SetName(message);

        [TestCaseSource(nameof(Invalid))]
        public void Should_Throw_When_A_Setting_Is_Out_Of_Range(MfccOptions options, string message)
        {
            // Given / When / Then
            Assert.That(() => options.Validate(8000), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(message));
        }

        [Test]
        public void Should_Throw_When_The_Sample_Rate_Is_Not_Positive()
        {
            // Given
            var options = new MfccOptions();

            // When / Then
            Assert.That(() => options.Validate(0), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "The sample rate must be positive to compute features (got 0)."));
        }

        [TestCase(8000)]
        [TestCase(11025)]
        [TestCase(16000)]
        [TestCase(48000)]
        public void Should_Accept_The_Defaults(int sampleRate)
        {
            // Given
            var options = new MfccOptions();

            // When / Then
            Assert.That(() => options.Validate(sampleRate), Throws.Nothing);
        }
    }
}
