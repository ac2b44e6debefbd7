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

        [TestCase(2)]
        [TestCase(4)]
        [TestCase(8)]
        [TestCase(16)]
        [TestCase(32)]
        [TestCase(128)]
        [TestCase(256)]
        [TestCase(512)]
        [TestCase(1024)]
        [TestCase(4096)]
        public void Should_Match_The_Textbook_Fft_To_The_Bit(int size)
        {
            // Given: noise, and a signal with runs of zeros and exact small integers (ties and zeros are where
            // a different order of operations would show)
            var fft = new RealFft(size);
            var sparse = Enumerable.Range(0, size).Select(n => n % 7 == 0 ? 0.0 : n % 5 - 2.0).ToArray();
            foreach (var signal in new[] { GeneratedAudio.Noise(size, 1.0, seed: 3 * size), sparse })
            {
                var re = new double[fft.Bins];
                var im = new double[fft.Bins];

                // When
                fft.Forward(signal, re, im);
                var (expectedRe, expectedIm) = TextbookMfcc.Fft(signal);

                // Then: the same values (a zero's sign aside), hence the same power, bit for bit
                Assert.That(re, Is.EqualTo(expectedRe));
                Assert.That(im, Is.EqualTo(expectedIm));
                var power = re.Select((r, k) => BitConverter.DoubleToInt64Bits(r * r + im[k] * im[k]));
                var expectedPower = expectedRe.Select((r, k) => BitConverter.DoubleToInt64Bits(r * r + expectedIm[k] * expectedIm[k]));
                Assert.That(power, Is.EqualTo(expectedPower));
            }
        }

        [Test]
        public void Should_Throw_When_A_Buffer_Is_Too_Short()
        {
            // Given
            var fft = new RealFft(16);

            // When / Then
            Assert.That(() => fft.Forward(new double[16], new double[8], new double[9]), Throws.ArgumentException);
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
