using Workflow.Features;

namespace Workflow.Tests.Features;

public sealed class SpectralSubtractionTests
{
    public sealed class TheApplyMethod
    {
        [Test]
        public void Should_Subtract_The_Mean_Of_The_Quietest_Frames_From_Every_Frame()
        {
            // Given: five frames of two filters; 0.4 of five is two frames, the quietest being 1 and 3
            double[] energies =
            [
                10.0, 20.0,
                1.0, 2.0,
                50.0, 40.0,
                3.0, 2.0,
                8.0, 30.0,
            ];

            // When
            SpectralSubtraction.Apply(energies, 5, 2, new SpectralSubtractionOptions { QuietFraction = 0.4, Factor = 1, Floor = 0.1 }, 1e-10);

            // Then: the background is (2, 2); what would fall under a tenth of a value stays at that tenth
            Assert.That(energies, Is.EqualTo(new[]
            {
                8.0, 18.0,
                0.1, 0.2,
                48.0, 38.0,
                1.0, 0.2,
                6.0, 28.0,
            }).Within(1e-12));
        }

        [Test]
        public void Should_Scale_The_Background_By_The_Factor()
        {
            // Given: one filter, four frames; a quarter of four is the single quietest frame, 2
            double[] energies = [10.0, 2.0, 30.0, 20.0];

            // When
            SpectralSubtraction.Apply(energies, 4, 1, new SpectralSubtractionOptions { QuietFraction = 0.25, Factor = 2.5, Floor = 0.5 }, 1e-10);

            // Then: 2.5 × 2 = 5 comes off; the quietest frame keeps half of itself
            Assert.That(energies, Is.EqualTo(new[] { 5.0, 1.0, 25.0, 15.0 }).Within(1e-12));
        }

        [Test]
        public void Should_Take_The_Earlier_Of_Equally_Quiet_Frames()
        {
            // Given: frames 1 and 2 are equally quiet in sum of logs (ln 2 + ln 8 = ln 4 + ln 4) but not in energies
            double[] energies =
            [
                100.0, 100.0,
                2.0, 8.0,
                4.0, 4.0,
                100.0, 100.0,
            ];

            // When: one frame (a quarter of four) is the background
            SpectralSubtraction.Apply(energies, 4, 2, new SpectralSubtractionOptions { QuietFraction = 0.25, Factor = 1, Floor = 0.01 }, 1e-10);

            // Then: frame 1's (2, 8) came off, not frame 2's (4, 4)
            Assert.That(energies[6], Is.EqualTo(98.0).Within(1e-12));
            Assert.That(energies[7], Is.EqualTo(92.0).Within(1e-12));
        }

        [Test]
        public void Should_Take_The_Earlier_Of_Equally_Quiet_Frames_In_A_Long_Recording()
        {
            // Given: 3,000 frames of two filters (more than fit on the stack), all (100, 100) but two equally quiet ones
            // (ln 8 + ln 2 = ln 2 + ln 8 exactly): frame 1,200 is (8, 2), frame 2,900 is (2, 8)
            var energies = Enumerable.Repeat(100.0, 6000).ToArray();
            (energies[2400], energies[2401]) = (8.0, 2.0);
            (energies[5800], energies[5801]) = (2.0, 8.0);

            // When: one frame (the 1/3000th) is the background
            SpectralSubtraction.Apply(energies, 3000, 2, new SpectralSubtractionOptions { QuietFraction = 1.0 / 3000, Factor = 1, Floor = 0 }, 1e-10);

            // Then: frame 1,200's (8, 2) came off, not frame 2,900's (2, 8)
            Assert.That(energies[0], Is.EqualTo(92.0).Within(1e-12));
            Assert.That(energies[1], Is.EqualTo(98.0).Within(1e-12));
        }

        [Test]
        public void Should_Rank_Frames_By_Their_Floored_Logs()
        {
            // Given: frame 0 has a zero filter (log floored at 1e-2, i.e. ln 0.01 + ln 1000 ≈ 2.3) and is quieter than
            // frame 1 (ln 10 + ln 10 ≈ 4.6), though its energies add up to more (1000 against 20)
            double[] energies =
            [
                0.0, 1000.0,
                10.0, 10.0,
                500.0, 2000.0,
            ];

            // When: a third of three frames is one
            SpectralSubtraction.Apply(energies, 3, 2, new SpectralSubtractionOptions { QuietFraction = 1.0 / 3, Factor = 1, Floor = 0.1 }, 1e-2);

            // Then: the background is frame 0's (0, 1000)
            Assert.That(energies.Skip(4), Is.EqualTo(new[] { 500.0, 1000.0 }).Within(1e-12));
        }
    }

    public sealed class TheQuietFramesMethod
    {
        [TestCase(100, 0.2, 20)]
        [TestCase(49, 0.2, 9)]
        [TestCase(4, 0.2, 1)]
        [TestCase(1, 0.01, 1)]
        [TestCase(7, 1.0, 7)]
        public void Should_Be_The_Fraction_Of_The_Frames_Rounded_Down_And_At_Least_One(int frames, double fraction, int expected)
        {
            // Given / When / Then
            Assert.That(SpectralSubtraction.QuietFrames(frames, fraction), Is.EqualTo(expected));
        }
    }
}
