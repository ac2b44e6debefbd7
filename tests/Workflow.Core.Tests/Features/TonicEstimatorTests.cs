using MelodyData;
using Workflow.Features;

namespace Workflow.Tests.Features;

public sealed class TonicEstimatorTests
{
    public sealed class TheEstimateMethod
    {
        [Test]
        public void Should_Find_The_Tonic_Of_Generated_Melodies_Within_A_Quarter_Tone()
        {
            // Given: 8 melodies of each of the 5 classes, tonics random within ±4 semitones of 200 Hz
            var tracker = new YinPitchTracker(new PitchOptions(), Melody.SampleRate);
            var cents = new List<double>();

            // When
            for (var c = 0; c < Melody.Scales.Length; c++)
            {
                for (var seed = 0; seed < 8; seed++)
                {
                    var melody = Melody.Generate(c, seed);
                    var tonic = TonicEstimator.Estimate(tracker.Track(melody.Samples).F0);
                    cents.Add(1200 * Math.Log2(tonic!.Value / melody.Tonic));
                }
            }

            // Then: the right note (and octave) for at least 95 % of the melodies (the strongest pitch class of a short
            // melody is not always its tonic), and close to its exact pitch
            TestContext.Out.WriteLine($"tonic errors, cents: {string.Join(" ", cents.Select(x => x.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
            Assert.That(cents.Count(x => Math.Abs(x) < 50), Is.GreaterThanOrEqualTo(0.95 * cents.Count));
            Assert.That(cents.Select(Math.Abs).Order().ElementAt(cents.Count / 2), Is.LessThan(10));
        }

        [Test]
        public void Should_Give_Null_When_Nothing_Is_Voiced()
        {
            // Given / When / Then
            Assert.That(TonicEstimator.Estimate([double.NaN, double.NaN]), Is.Null);
        }

        [Test]
        public void Should_Place_The_Tonic_At_Or_Below_The_Melody()
        {
            // Given: mostly 220 Hz (the strongest pitch class), a little of 330 and 440
            double[] f0 = [.. Enumerable.Repeat(220.0, 50), .. Enumerable.Repeat(330.0, 30), .. Enumerable.Repeat(440.0, 45)];

            // When
            var tonic = TonicEstimator.Estimate(f0);

            // Then: pitch class A, in the octave at or below the median (330 Hz)
            Assert.That(tonic, Is.EqualTo(220.0).Within(0.5));
        }
    }
}
