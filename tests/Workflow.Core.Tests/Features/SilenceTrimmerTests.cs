using Workflow.Features;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Features;

public sealed class SilenceTrimmerTests
{
    public sealed class TheFindMethod
    {
        [Test]
        public void Should_Drop_Leading_And_Trailing_Silence()
        {
            // Given: 4000 samples of tone after 1600 and before 2400 zeros
            var signal = GeneratedAudio.Padded(GeneratedAudio.Sine(500, 8000, 0.5), 1600, 2400);

            // When
            var (start, length) = SilenceTrimmer.Find(signal, 200, 80, 30);

            // Then: only frames that overlap the tone remain (a frame starts at most 200 samples before it)
            Assert.That(start, Is.InRange(1600 - 200, 1600));
            Assert.That(start + length, Is.InRange(5600, 5600 + 200));
        }

        [Test]
        public void Should_Ignore_A_Dc_Offset()
        {
            // Given: the same tone padded with a constant 0.3 and offset by 0.3 throughout
            var signal = GeneratedAudio.Padded(GeneratedAudio.Sine(500, 8000, 0.5), 1600, 2400).Select(x => x + 0.3).ToArray();

            // When
            var (start, length) = SilenceTrimmer.Find(signal, 200, 80, 30);

            // Then
            Assert.That(start, Is.InRange(1400, 1600));
            Assert.That(start + length, Is.InRange(5600, 5800));
        }

        [Test]
        public void Should_Keep_An_All_Zero_Signal_Whole()
        {
            // Given
            var signal = new double[1000];

            // When
            var range = SilenceTrimmer.Find(signal, 200, 80, 30);

            // Then
            Assert.That(range, Is.EqualTo((0, 1000)));
        }

        [Test]
        public void Should_Keep_A_Signal_Shorter_Than_A_Frame_Whole()
        {
            // Given
            double[] signal = [0, 0, 1, 0];

            // When
            var range = SilenceTrimmer.Find(signal, 200, 80, 30);

            // Then
            Assert.That(range, Is.EqualTo((0, 4)));
        }

        [Test]
        public void Should_Keep_Quiet_Parts_Within_The_Threshold()
        {
            // Given: a loud burst then a burst 20 dB quieter, with silence around
            var loud = GeneratedAudio.Sine(500, 8000, 0.2, amplitude: 0.5);
            var quiet = GeneratedAudio.Sine(500, 8000, 0.2, amplitude: 0.05);
            var signal = GeneratedAudio.Padded([.. loud, .. quiet], 800, 800);

            // When
            var (start, length) = SilenceTrimmer.Find(signal, 200, 80, 30);

            // Then: the quiet burst (ending at 800 + 3200) is kept
            Assert.That(start + length, Is.GreaterThanOrEqualTo(4000));
        }
    }
}
