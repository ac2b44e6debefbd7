using Workflow.Features;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Features;

public sealed class RealFftTests
{
    public sealed class TheForwardMethod
    {
        [TestCase(2)]
        [TestCase(4)]
        [TestCase(8)]
        [TestCase(64)]
        [TestCase(256)]
        [TestCase(1024)]
        public void Should_Match_A_Direct_Dft(int size)
        {
            // Given
            var signal = GeneratedAudio.Noise(size, 1.0, seed: size);
            var fft = new RealFft(size);
            var re = new double[fft.Bins];
            var im = new double[fft.Bins];

            // When
            fft.Forward(signal, re, im);

            // Then
            for (var k = 0; k < fft.Bins; k++)
            {
                double expectedRe = 0, expectedIm = 0;
                for (var n = 0; n < size; n++)
                {
                    expectedRe += signal[n] * Math.Cos(2 * Math.PI * k * n / size);
                    expectedIm -= signal[n] * Math.Sin(2 * Math.PI * k * n / size);
                }

                Assert.That(re[k], Is.EqualTo(expectedRe).Within(1e-10), $"re[{k}]");
                Assert.That(im[k], Is.EqualTo(expectedIm).Within(1e-10), $"im[{k}]");
            }
        }

        [TestCase(0)]
        [TestCase(1)]
        [TestCase(200)]
        public void Should_Throw_When_The_Size_Is_Not_A_Power_Of_Two(int size)
        {
            // Given / When / Then
            Assert.That(() => new RealFft(size), Throws.TypeOf<ArgumentOutOfRangeException>());
        }
    }
}
