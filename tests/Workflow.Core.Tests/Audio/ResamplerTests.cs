using Workflow.Audio;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Audio;

public sealed class ResamplerTests
{
    // Samples at each end where the kernel reaches past the signal and the output fades; measurements skip them.
    private const int Edge = 200;

    private static ReadOnlySpan<double> Interior(double[] signal) => signal.AsSpan(Edge, signal.Length - 2 * Edge);

    public sealed class TheResampleMethod
    {
        [TestCase(1000.0, 16000, 8000)]
        [TestCase(3500.0, 16000, 8000)]
        [TestCase(1000.0, 8000, 16000)]
        [TestCase(3000.0, 8000, 16000)]
        [TestCase(1000.0, 44100, 16000)]
        [TestCase(440.0, 22050, 48000)]
        public void Should_Keep_A_Tone_In_The_Passband(double frequency, int source, int target)
        {
            // Given
            var tone = GeneratedAudio.Sine(frequency, source, 1.0, amplitude: 0.5);

            // When
            var output = Resampler.Resample(tone, source, target);

            // Then: same frequency (the projection at exactly that frequency recovers the amplitude) within 1%
            var amplitude = GeneratedAudio.AmplitudeAt(Interior(output), frequency, target);
            var rms = GeneratedAudio.Rms(Interior(output));
            Assert.That(amplitude, Is.EqualTo(0.5).Within(0.005));
            Assert.That(rms * Math.Sqrt(2.0), Is.EqualTo(0.5).Within(0.005));
        }

        [Test]
        public void Should_Keep_The_Phase_Of_A_Tone()
        {
            // Given
            var tone = GeneratedAudio.Sine(1000, 16000, 0.5);

            // When
            var output = Resampler.Resample(tone, 16000, 8000);

            // Then: output n lies at input 2n, so it matches the tone sampled at 8 kHz
            var expected = GeneratedAudio.Sine(1000, 8000, 0.5);
            var error = Interior(output).ToArray().Zip(Interior(expected).ToArray(), (a, b) => Math.Abs(a - b)).Max();
            Assert.That(error, Is.LessThan(1e-3));
        }

        [TestCase(5000.0)]
        [TestCase(4500.0)]
        [TestCase(7000.0)]
        public void Should_Remove_A_Tone_Above_The_Target_Nyquist(double frequency)
        {
            // Given
            var tone = GeneratedAudio.Sine(frequency, 16000, 1.0, amplitude: 0.5);

            // When
            var output = Resampler.Resample(tone, 16000, 8000);

            // Then: attenuated by more than 60 dB instead of aliasing to 8000 - f
            var alias = GeneratedAudio.AmplitudeAt(Interior(output), 8000 - frequency, 8000);
            Assert.That(GeneratedAudio.Rms(Interior(output)), Is.LessThan(0.5e-3));
            Assert.That(alias, Is.LessThan(0.5e-3));
        }

        [Test]
        public void Should_Not_Create_Images_When_Upsampling()
        {
            // Given
            var tone = GeneratedAudio.Sine(1000, 8000, 1.0);

            // When
            var output = Resampler.Resample(tone, 8000, 16000);

            // Then: no image at 8000 - 1000 Hz
            Assert.That(GeneratedAudio.AmplitudeAt(Interior(output), 7000, 16000), Is.LessThan(0.5e-3));
        }

        [Test]
        public void Should_Keep_A_Constant_Signal_Constant()
        {
            // Given
            var constant = Enumerable.Repeat(0.25, 3000).ToArray();

            // When
            var output = Resampler.Resample(constant, 44100, 16000);

            // Then
            Assert.That(Interior(output).ToArray(), Is.All.EqualTo(0.25).Within(1e-12));
        }

        [TestCase(8000, 16000)]
        [TestCase(16000, 8000)]
        [TestCase(44100, 16000)]
        [TestCase(22050, 48000)]
        [TestCase(11025, 8000)]
        [TestCase(8000, 44101)] // more phases than are cached: every output computes its own kernel
        public void Should_Match_The_One_Output_At_A_Time_Loop_To_The_Bit(int source, int target)
        {
            // Given: noise long enough for outputs near both edges and in the middle
            var input = GeneratedAudio.Noise(source / 4 + 7, 0.5, seed: source + target);

            // When
            var actual = Resampler.Resample(input, source, target);

            // Then
            var expected = Textbook(input, source, target);
            Assert.That(actual.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(expected.Select(BitConverter.DoubleToInt64Bits)));
        }

        /// <summary>The resampler as first written: one output at a time, kernel by kernel, summed tap by tap.</summary>
        private static double[] Textbook(double[] input, int source, int target)
        {
            static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
            static double BesselI0(double x)
            {
                double sum = 1.0, term = 1.0;
                for (var k = 1; k < 64 && term > 1e-17 * sum; k++)
                {
                    term *= x * x / 4.0 / ((double)k * k);
                    sum += term;
                }

                return sum;
            }

            var gcd = Gcd(source, target);
            long up = target / gcd, down = source / gcd;
            var cutoff = Resampler.Rolloff * Math.Min(source, target) / (2.0 * source);
            var halfWidth = Resampler.ZeroCrossings / (2.0 * cutoff);
            var reach = (int)Math.Ceiling(halfWidth);
            var output = new double[(int)((input.Length * up + down - 1) / down)];
            for (long n = 0; n < output.Length; n++)
            {
                var center = n * down / up;
                var fraction = (double)(n * down % up) / up;
                var kernel = new double[2 * reach + 1];
                var total = 0.0;
                for (var j = 0; j < kernel.Length; j++)
                {
                    var distance = fraction - (j - reach);
                    var x = distance / halfWidth;
                    var sinc = 2.0 * cutoff * distance == 0.0 ? 1.0 : Math.Sin(Math.PI * (2.0 * cutoff * distance)) / (Math.PI * (2.0 * cutoff * distance));
                    kernel[j] = Math.Abs(x) >= 1.0 ? 0.0 : 2.0 * cutoff * sinc * (BesselI0(Resampler.KaiserBeta * Math.Sqrt(1.0 - x * x)) / BesselI0(Resampler.KaiserBeta));
                    total += kernel[j];
                }

                var sum = 0.0;
                for (var j = 0; j < kernel.Length; j++)
                {
                    var i = center - reach + j;
                    if (i >= 0 && i < input.Length)
                    {
                        sum += kernel[j] / total * input[i];
                    }
                }

                output[n] = sum;
            }

            return output;
        }

        [TestCase(16000, 16000, 8000, 8000)]
        [TestCase(3, 16000, 8000, 2)]
        [TestCase(44100, 44100, 16000, 16000)]
        [TestCase(1, 8000, 48000, 6)]
        public void Should_Cover_The_Input_Duration(int length, int source, int target, int expected)
        {
            // Given
            var input = new double[length];

            // When
            var output = Resampler.Resample(input, source, target);

            // Then
            Assert.That(output, Has.Length.EqualTo(expected));
        }

        [Test]
        public void Should_Copy_When_The_Rates_Are_Equal()
        {
            // Given
            double[] input = [0.1, 0.2];

            // When
            var output = Resampler.Resample(input, 8000, 8000);

            // Then
            Assert.That(output, Is.EqualTo(input).And.Not.SameAs(input));
        }

        [Test]
        public void Should_Agree_Whether_Or_Not_Kernels_Are_Cached()
        {
            // Given: 16001 -> 8000 has 8000 phases (computed per sample); 16000 -> 8000 has one (cached)
            var tone = GeneratedAudio.Sine(1000, 16000, 0.25);

            // When
            var uncached = Resampler.Resample(tone, 16001, 8000);
            var cached = Resampler.Resample(tone, 16000, 8000);

            // Then: both are the same tone, 1000 * 16001 / 16000 Hz vs 1000 Hz, to within the passband accuracy
            Assert.That(GeneratedAudio.AmplitudeAt(Interior(uncached), 1000.0 * 16001 / 16000, 8000), Is.EqualTo(0.5).Within(0.005));
            Assert.That(GeneratedAudio.AmplitudeAt(Interior(cached), 1000, 8000), Is.EqualTo(0.5).Within(0.005));
        }
    }
}
