using System.Diagnostics;
using Workflow.Audio;
using Workflow.Features;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Features;

public sealed class MfccExtractorTests
{
    private static FeatureMatrix Extract(MfccOptions options, AudioClip clip) => new MfccExtractor(options, clip.SampleRate).Extract(clip);

    private static AudioClip Golden(string wav) => WavReader.Read(Path.Combine(GoldenCase.Folder, wav));

    public sealed class TheConstructor
    {
        [Test]
        public void Should_Derive_Frame_Hop_And_Fft_Sizes_From_The_Rate()
        {
            // Given / When
            var extractor = new MfccExtractor(new MfccOptions(), 8000);

            // Then
            Assert.That((extractor.FrameLength, extractor.HopLength, extractor.FftSize, extractor.Columns), Is.EqualTo((200, 80, 256, 13)));
        }

        [Test]
        public void Should_Throw_When_The_Options_Are_Invalid()
        {
            // Given
            var options = new MfccOptions { NMels = 0 };

            // When / Then
            Assert.That(() => new MfccExtractor(options, 8000),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo("features.nMels must be between 1 and 512 (got 0)."));
        }
    }

    public sealed class TheExtractMethod
    {
        private static IEnumerable<GoldenCase> Goldens() => GoldenCase.All();

        [TestCaseSource(nameof(Goldens))]
        public void Should_Match_The_Reference_Implementation(GoldenCase golden)
        {
            // Given
            var expected = golden.Expected();
            var clip = WavReader.Read(golden.WavPath);

            // When
            var actual = Extract(golden.Options(), clip);

            // Then
            Assert.That((actual.Rows, actual.Columns), Is.EqualTo((expected.Length, expected[0].Length)));
            var worst = 0.0;
            for (var t = 0; t < actual.Rows; t++)
            {
                for (var c = 0; c < actual.Columns; c++)
                {
                    worst = Math.Max(worst, Math.Abs(actual[t, c] - expected[t][c]));
                }
            }

            TestContext.Out.WriteLine($"{golden.Csv}: max abs difference {worst:E2}");
            Assert.That(worst, Is.LessThanOrEqualTo(1e-3));
        }

        [Test]
        public void Should_Append_Deltas_And_Delta_Deltas()
        {
            // Given
            var clip = Golden("7_theo_3.wav");

            // When
            var plain = Extract(new MfccOptions(), clip);
            var withDeltas = Extract(new MfccOptions { Deltas = true }, clip);

            // Then: the first 13 columns are unchanged, 26 more follow
            Assert.That(withDeltas.Columns, Is.EqualTo(39));
            Assert.That(withDeltas.Row(5)[..13].ToArray(), Is.EqualTo(plain.Row(5).ToArray()));
            Assert.That(withDeltas[5, 13], Is.EqualTo(DeltaFeatures.Regression(plain.Values.ToArray(), plain.Rows, 13)[5 * 13]));
        }

        [Test]
        public void Should_Give_Every_Column_Mean_Zero_And_Unit_Deviation_With_Cmvn()
        {
            // Given
            var clip = Golden("0_jackson_0.wav");

            // When
            var features = Extract(new MfccOptions { Cmvn = true, Deltas = true }, clip);

            // Then
            for (var c = 0; c < features.Columns; c++)
            {
                var column = Enumerable.Range(0, features.Rows).Select(t => features[t, c]).ToArray();
                var mean = column.Average();
                var std = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
                Assert.That(mean, Is.EqualTo(0.0).Within(1e-9), $"column {c}");
                Assert.That(std, Is.EqualTo(1.0).Within(1e-9), $"column {c}");
            }
        }

        [Test]
        public void Should_Trim_Leading_And_Trailing_Silence()
        {
            // Given: 0.5 s of speech between 0.4 s and 0.3 s of near-silence
            var speech = Golden("3_nicolas_12.wav").Samples.ToArray();
            var quiet = GeneratedAudio.Noise(8000, 1e-5, seed: 5);
            var padded = quiet[..3200].Concat(speech).Concat(quiet[..2400]).ToArray();
            var options = new MfccOptions { TrimSilence = true };

            // When
            var untrimmed = new MfccExtractor(new MfccOptions(), 8000).Extract(padded);
            var trimmed = new MfccExtractor(options, 8000).Extract(padded);
            var original = new MfccExtractor(options, 8000).Extract(speech);

            // Then: the 70 frames of padding are gone; up to two frames each side that overlap the speech stay
            Assert.That(untrimmed.Rows, Is.EqualTo(original.Rows + 70));
            Assert.That(trimmed.Rows, Is.InRange(original.Rows, original.Rows + 4));
        }

        [Test]
        public void Should_Floor_Every_Energy_At_The_Dynamic_Range_Below_The_Loudest()
        {
            // Given: one filter and one coefficient, so c0 is the log of the frame's mel energy; a tone, then silence
            var tone = GeneratedAudio.Sine(500, 8000, 0.2);
            var signal = tone.Concat(new double[1600]).ToArray();
            var plain = new MfccOptions { Preemph = 0, NMels = 1, NMfcc = 1 };

            // When
            var unfloored = Extract(plain, new AudioClip(signal, 8000));
            var floored = Extract(plain with { DynamicRangeDb = 30 }, new AudioClip(signal, 8000));

            // Then: silent frames sit 30 dB (3 ln 10 nats) below the loudest frame instead of at ln(1e-10); loud ones keep their value
            var loudest = Enumerable.Range(0, unfloored.Rows).Max(t => unfloored[t, 0]);
            var last = floored.Rows - 1;
            Assert.That(unfloored[last, 0], Is.EqualTo(Math.Log(1e-10)).Within(1e-12));
            Assert.That(floored[last, 0], Is.EqualTo(loudest - 3 * Math.Log(10)).Within(1e-9));
            Assert.That(floored[5, 0], Is.EqualTo(unfloored[5, 0]));
        }

        [Test]
        public void Should_Give_The_Same_Features_At_Any_Level_With_A_Dynamic_Range()
        {
            // Given: speech followed by digital silence, at two levels 40 dB apart
            var speech = Golden("7_theo_3.wav").Samples.ToArray().Concat(new double[800]).ToArray();
            var quiet = speech.Select(x => x / 100).ToArray();
            var options = new MfccOptions { Deltas = true, Cmvn = true };

            // When
            var withRange = (Extract(options with { DynamicRangeDb = 30 }, new AudioClip(speech, 8000)), Extract(options with { DynamicRangeDb = 30 }, new AudioClip(quiet, 8000)));
            var without = (Extract(options, new AudioClip(speech, 8000)), Extract(options, new AudioClip(quiet, 8000)));

            // Then: with it only rounding differs; without it the silence (at the absolute floor) moves against the speech
            Assert.That(MaxDifference(withRange.Item1, withRange.Item2), Is.LessThan(1e-9));
            Assert.That(MaxDifference(without.Item1, without.Item2), Is.GreaterThan(0.1));
        }

        [Test]
        public void Should_Take_A_Steady_Background_Off_Every_Frame_With_Spectral_Subtraction()
        {
            // Given: one filter and one coefficient, so c0 is the log of the frame's mel energy; digital silence, a
            // tone, silence again: a fifth of the frames are the quietest, all at the absolute floor
            var signal = new double[800].Concat(GeneratedAudio.Sine(500, 8000, 0.3)).Concat(new double[800]).ToArray();
            var plain = new MfccOptions { Preemph = 0, NMels = 1, NMfcc = 1 };
            var subtraction = plain with { SpectralSubtraction = new SpectralSubtractionOptions() };
            var noisy = signal.Zip(GeneratedAudio.Noise(signal.Length, 0.01, seed: 5), (x, n) => x + n).ToArray();

            // When
            var clean = Extract(plain, new AudioClip(signal, 8000));
            var cleanSubtracted = Extract(subtraction, new AudioClip(signal, 8000));
            var noisyPlain = Extract(plain, new AudioClip(noisy, 8000));
            var noisySubtracted = Extract(subtraction, new AudioClip(noisy, 8000));

            // Then: a zero background takes nothing off; the noise's background comes off, so the first (noise-only)
            // frame falls to the floor, 10 dB (ln 10 nats) under what it was, while the tone's frames barely move
            Assert.That(cleanSubtracted.Values.ToArray(), Is.EqualTo(clean.Values.ToArray()));
            Assert.That(noisySubtracted[0, 0], Is.LessThan(noisyPlain[0, 0] - 0.5));
            Assert.That(noisySubtracted[0, 0], Is.GreaterThanOrEqualTo(noisyPlain[0, 0] - Math.Log(10) - 1e-9));
            Assert.That(noisySubtracted[20, 0], Is.EqualTo(noisyPlain[20, 0]).Within(1e-3));
        }

        private static double MaxDifference(FeatureMatrix a, FeatureMatrix b) =>
            a.Values.ToArray().Zip(b.Values.ToArray(), (x, y) => Math.Abs(x - y)).Max();

        [Test]
        public void Should_Give_The_Same_Result_From_Many_Threads()
        {
            // Given
            var clips = GoldenCase.All().Select(g => g.Wav).Distinct().Select(Golden).Where(c => c.SampleRate == 8000).ToArray();
            var extractor = new MfccExtractor(new MfccOptions { Deltas = true }, 8000);
            var sequential = clips.Select(extractor.Extract).ToArray();

            // When
            var parallel = new FeatureMatrix[clips.Length * 8];
            Parallel.For(0, parallel.Length, i => parallel[i] = extractor.Extract(clips[i % clips.Length]));

            // Then
            for (var i = 0; i < parallel.Length; i++)
            {
                Assert.That(parallel[i].Values.ToArray(), Is.EqualTo(sequential[i % clips.Length].Values.ToArray()));
            }
        }

        private static IEnumerable<TestCaseData> OptionSets()
        {
            yield return new TestCaseData(new MfccOptions(), 8000).SetName("{m}(default, 8 kHz)");
            yield return new TestCaseData(new MfccOptions { NMels = 20, NMfcc = 10, Deltas = true, Cmvn = true }, 16000)
                .SetName("{m}(bundled config, 16 kHz)");
            yield return new TestCaseData(
                new MfccOptions
                {
                    RemoveDc = true, PadEnd = true, Periodic = true, Window = "hann", Nfft = 1024, Magnitude = true, PowerNorm = "nfft",
                    FbNorm = "slaney", Fmin = 100, Fmax = 3500, Lifter = 22, Deltas = true, Cmvn = true, TrimSilence = true, NMels = 40, NMfcc = 20,
                    DynamicRangeDb = 30, SpectralSubtraction = new SpectralSubtractionOptions { QuietFraction = 0.3, Factor = 1.5, Floor = 0.05 },
                },
                8000).SetName("{m}(every option, 8 kHz)");
            yield return new TestCaseData(
                new MfccOptions { NMels = 16, NMfcc = 9, Fmin = 150, Preemph = 0.3, DynamicRangeDb = 35, SpectralSubtraction = new(), Deltas = true, Cmvn = true }, 8000)
                .SetName("{m}(spectral subtraction, bundled config, 8 kHz)");
            yield return new TestCaseData(new MfccOptions { SpectralSubtraction = new() { QuietFraction = 1 } }, 8000)
                .SetName("{m}(spectral subtraction of every frame's mean, no dynamic range)");
            yield return new TestCaseData(new MfccOptions { NMels = 20, NMfcc = 10, Preemph = 0.4, DynamicRangeDb = 30, Deltas = true, Cmvn = true }, 8000)
                .SetName("{m}(dynamic range 30 dB, 8 kHz)");
            yield return new TestCaseData(new MfccOptions { Preemph = 0, Window = "rect", FrameMs = 32, HopMs = 8, Deltas = true }, 11025)
                .SetName("{m}(no pre-emphasis, 11025 Hz)");
            yield return new TestCaseData(new MfccOptions { FrameMs = 0.5, HopMs = 0.25, NMels = 2, NMfcc = 1, PadEnd = true }, 8000)
                .SetName("{m}(tiny FFT of 4 points)");
            yield return new TestCaseData(new MfccOptions { FrameMs = 10, HopMs = 25, PadEnd = true, Deltas = true }, 8000)
                .SetName("{m}(hop longer than the frame, padEnd)");
        }

        [TestCaseSource(nameof(OptionSets))]
        public void Should_Match_The_Textbook_Pipeline_To_The_Bit(MfccOptions options, int sampleRate)
        {
            // Given: real speech, noise with a DC offset, a signal shorter than a frame, an awkward length, a single sample
            var speech = Golden("7_theo_3.wav").Samples.ToArray();
            var signals = new[]
            {
                speech,
                GeneratedAudio.Noise(sampleRate + 37, 0.3, seed: 11).Select(x => x + 0.1).ToArray(),
                GeneratedAudio.Noise(options.FrameLength(sampleRate) - 3, 0.5, seed: 12),
                GeneratedAudio.Noise(990, 0.5, seed: 13), // with the 10 ms frame and 25 ms hop, the last frame starts past the end
                [0.25],
            };
            var extractor = new MfccExtractor(options, sampleRate);

            foreach (var signal in signals)
            {
                // When
                var actual = extractor.Extract(signal);
                var expected = TextbookMfcc.Extract(options, sampleRate, signal);

                // Then
                Assert.That(actual.Values.ToArray().Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(expected.Select(BitConverter.DoubleToInt64Bits)),
                    $"a signal of {signal.Length} samples");
            }
        }

        [Test]
        public void Should_Not_Depend_On_What_Ran_Before_On_The_Same_Thread()
        {
            // Given: extractors of different FFT sizes sharing the thread's scratch buffers, and a long then a short signal
            var wide = new MfccExtractor(new MfccOptions { FrameMs = 100, PadEnd = true }, 16000);
            var narrow = new MfccExtractor(new MfccOptions { PadEnd = true, Deltas = true }, 8000);
            var noise = GeneratedAudio.Noise(16000, 0.5, seed: 21);
            var alone = Task.Run(() => narrow.Extract(noise.AsSpan(0, 150)).Values.ToArray()).Result;

            // When
            wide.Extract(noise);
            narrow.Extract(noise);
            var afterOthers = narrow.Extract(noise.AsSpan(0, 150)).Values.ToArray();

            // Then
            Assert.That(afterOthers, Is.EqualTo(alone));
        }

        [Test]
        public void Should_Give_One_Frame_For_A_Single_Sample()
        {
            // Given
            var extractor = new MfccExtractor(new MfccOptions { Deltas = true, Cmvn = true, TrimSilence = true }, 8000);

            // When
            var features = extractor.Extract([0.5]);

            // Then: CMVN of a single frame leaves zeros, not NaN
            Assert.That((features.Rows, features.Columns), Is.EqualTo((1, 39)));
            Assert.That(features.Values.ToArray(), Is.All.EqualTo(0.0));
        }

        [Test]
        public void Should_Throw_When_The_Clip_Rate_Differs()
        {
            // Given
            var extractor = new MfccExtractor(new MfccOptions(), 8000);

            // When / Then
            Assert.That(() => extractor.Extract(new AudioClip([0.1], 16000)), Throws.ArgumentException.With.Message.StartsWith(
                "the clip is at 16000 Hz but this extractor was built for 8000 Hz"));
        }

        [Test]
        public void Should_Throw_When_The_Signal_Is_Empty()
        {
            // Given
            var extractor = new MfccExtractor(new MfccOptions(), 8000);

            // When / Then
            Assert.That(() => extractor.Extract(ReadOnlySpan<double>.Empty), Throws.ArgumentException);
        }

        [Test]
        [Explicit("Measures throughput on the whole dataset in ../shared; run with --filter Name~Throughput")]
        public void Throughput_On_The_Spoken_Digits_Dataset()
        {
            // Given
            var root = Path.GetFullPath(Path.Combine(GoldenCase.Folder, "../../../../../../../shared/datasets/spoken-digits"));
            root = Directory.Exists(root) ? root : "/work/shared/datasets/spoken-digits";
            if (!Directory.Exists(root))
            {
                Assert.Ignore("dataset not found");
            }

            var clips = Directory.GetFiles(root, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(path => WavReader.Read(path)).ToArray();
            var extractor = new MfccExtractor(new MfccOptions(), 8000);
            extractor.Extract(clips[0]);

            // When
            var watch = Stopwatch.StartNew();
            var frames = clips.Sum(clip => extractor.Extract(clip).Rows);
            watch.Stop();

            // Then
            var audioSeconds = clips.Sum(c => c.DurationSeconds);
            TestContext.Out.WriteLine(
                $"{clips.Length} files, {audioSeconds:F1} s of audio, {frames} frames in {watch.Elapsed.TotalSeconds:F3} s single-threaded: " +
                $"{audioSeconds / watch.Elapsed.TotalSeconds:F0} s of audio per second");
            Assert.That(frames, Is.GreaterThan(0));
        }
    }
}
