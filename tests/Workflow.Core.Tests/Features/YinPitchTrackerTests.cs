using MelodyData;
using Workflow.Features;

namespace Workflow.Tests.Features;

public sealed class YinPitchTrackerTests
{
    private const int Rate = Melody.SampleRate;

    /// <summary>
    /// 0.3 s of noise, 0.9 s of a harmonic tone at <paramref name="f0"/> with ±30 cents of vibrato, 0.3 s of noise (tone
    /// SNR 20 dB), and the ground truth per sample.
    /// </summary>
    private static (double[] Samples, double[] Truth) ToneBetweenNoise(double f0, int seed)
    {
        var contour = new double[(int)(1.5 * Rate)];
        for (var n = (int)(0.3 * Rate); n < (int)(1.2 * Rate); n++) contour[n] = f0;
        var truth = new double[contour.Length];
        var samples = Melody.Render(contour, new Random(seed), vibratoCents: 30, snrDb: 20, truth);
        return (samples, truth);
    }

    /// <summary>Relative f0 errors on frames voiced throughout, and voicing errors on frames wholly voiced or unvoiced.</summary>
    private static (List<double> Errors, int VoicingErrors, int Judged) Compare(PitchTrack track, double[] truth, PitchOptions options)
    {
        var frame = options.FrameLength(Rate);
        var hop = options.HopLength(Rate);
        var errors = new List<double>();
        int voicingErrors = 0, judged = 0;
        for (var f = 0; f < track.Frames; f++)
        {
            var span = truth.AsSpan(f * hop, frame);
            var voiced = span.IndexOf(0.0) < 0;
            if (!voiced && span.ContainsAnyExcept(0.0)) continue; // straddles an onset: no single truth
            judged++;
            if (voiced != PitchTrack.IsVoiced(track.F0[f]))
            {
                voicingErrors++;
                continue;
            }

            if (voiced)
            {
                var mean = 0.0;
                foreach (var x in span) mean += x;
                mean /= span.Length;
                errors.Add(Math.Abs(track.F0[f] - mean) / mean);
            }
        }

        return (errors, voicingErrors, judged);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public sealed class TheTrackMethod
    {
        [TestCase(60.0)]
        [TestCase(82.0)]
        [TestCase(110.0)]
        [TestCase(160.0)]
        [TestCase(220.0)]
        [TestCase(330.0)]
        [TestCase(480.0)]
        [TestCase(660.0)]
        [TestCase(850.0)]
        [TestCase(1000.0)]
        public void Should_Track_Harmonic_Tones_With_Vibrato_And_Noise_Within_One_Percent(double f0)
        {
            // Given
            var options = new PitchOptions();
            var (samples, truth) = ToneBetweenNoise(f0, seed: (int)f0);

            // When
            var track = new YinPitchTracker(options, Rate).Track(samples);

            // Then
            var (errors, voicingErrors, judged) = Compare(track, truth, options);
            TestContext.Out.WriteLine($"{f0} Hz: median error {Median(errors):P3}, voicing errors {voicingErrors}/{judged}");
            Assert.That(Median(errors), Is.LessThan(0.01));
            Assert.That((double)voicingErrors / judged, Is.LessThan(0.05));
        }

        [Test]
        public void Should_Mark_Silence_And_Noise_Unvoiced()
        {
            // Given: a second of silence, then a second of white noise
            var samples = new double[2 * Rate];
            var random = new Random(7);
            for (var n = Rate; n < samples.Length; n++) samples[n] = 0.3 * (2 * random.NextDouble() - 1);

            // When
            var track = new YinPitchTracker(new PitchOptions(), Rate).Track(samples);

            // Then
            Assert.That(track.VoicedFrames, Is.LessThanOrEqualTo(track.Frames / 20));
        }

        [Test]
        public void Should_Give_No_Frames_For_A_Recording_Shorter_Than_One_Frame()
        {
            // Given / When
            var track = new YinPitchTracker(new PitchOptions(), Rate).Track(new double[100]);

            // Then
            Assert.That(track.Frames, Is.Zero);
            Assert.That(track.VoicedFraction, Is.Zero);
        }

        [Test]
        public void Should_Give_The_Same_Bits_Every_Time()
        {
            // Given
            var (samples, _) = ToneBetweenNoise(220, seed: 3);
            var tracker = new YinPitchTracker(new PitchOptions(), Rate);

            // When
            var first = tracker.Track(samples);
            var second = tracker.Track(samples);

            // Then
            Assert.That(second.F0, Is.EqualTo(first.F0));
        }
    }
}
