using System.Buffers.Binary;
using System.Text;
using Workflow.Audio;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Audio;

public sealed class WavReaderTests
{
    private const string Name = "data/7/x.wav";

    // Multiples of 1/128 in [-1, 1): exact in every format, so every format must give them back bit for bit.
    private static readonly double[] ExactValues = [-1.0, -0.5, -1.0 / 128, 0.0, 0.25, 127.0 / 128];

    private static AudioClip Read(byte[] bytes, int? targetRate = null) => WavReader.Read(new MemoryStream(bytes), Name, targetRate);

    private static void AssertFails(byte[] bytes, string message) =>
        Assert.That(() => Read(bytes), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(message));

    public sealed class TheReadMethod
    {
        [TestCase(WavSampleFormat.Pcm8, false)]
        [TestCase(WavSampleFormat.Pcm16, false)]
        [TestCase(WavSampleFormat.Pcm24, false)]
        [TestCase(WavSampleFormat.Pcm32, false)]
        [TestCase(WavSampleFormat.Float32, false)]
        [TestCase(WavSampleFormat.Float64, false)]
        [TestCase(WavSampleFormat.Pcm16, true)]
        [TestCase(WavSampleFormat.Pcm24, true)]
        [TestCase(WavSampleFormat.Float32, true)]
        public void Should_Read_Samples_Exactly_In_Every_Format(WavSampleFormat format, bool extensible)
        {
            // Given
            var bytes = RiffChunks.Wav([ExactValues], 22050, format, extensible);

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.SampleRate, Is.EqualTo(22050));
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(ExactValues));
        }

        [Test]
        public void Should_Scale_Integers_Like_The_Reference()
        {
            // Given: raw 16-bit values -32768, -1, 1, 32767
            var data = new byte[8];
            short[] raw = [-32768, -1, 1, 32767];
            for (var i = 0; i < raw.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), raw[i]);
            }

            var bytes = RiffChunks.Mono16(0).Replace("data", data).ToBytes();

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { -1.0, -1.0 / 32768, 1.0 / 32768, 32767.0 / 32768 }));
        }

        [Test]
        public void Should_Average_Two_Channels()
        {
            // Given
            var bytes = RiffChunks.Wav([[0.5, -0.25], [0.25, -0.75]], 8000, WavSampleFormat.Pcm16);

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { 0.375, -0.5 }));
        }

        [Test]
        public void Should_Average_Three_Channels()
        {
            // Given
            var bytes = RiffChunks.Wav([[0.75, 0.0], [0.0, -0.375], [-0.375, 0.0]], 8000, WavSampleFormat.Pcm24);

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { 0.375 / 3, -0.375 / 3 }));
        }

        [Test]
        public void Should_Skip_A_List_Chunk_Before_Data()
        {
            // Given
            var info = Encoding.ASCII.GetBytes("INFOISFT\u000e\0\0\0Lavf58.76.100\0");
            var bytes = RiffChunks.Mono16(0.5, -0.5).Insert(1, "LIST", info).ToBytes();

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { 0.5, -0.5 }));
        }

        [Test]
        public void Should_Skip_An_Odd_Sized_Unknown_Chunk_And_Its_Pad_Byte()
        {
            // Given: a 3-byte chunk is followed by one pad byte that its size does not count
            var bytes = RiffChunks.Mono16(0.25).Insert(1, "junk", [1, 2, 3]).ToBytes();

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { 0.25 }));
        }

        [Test]
        public void Should_Read_Data_That_Comes_Before_Fmt()
        {
            // Given
            var bytes = RiffChunks.Mono16(0.125).Move("data", 0).ToBytes();

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { 0.125 }));
        }

        [Test]
        public void Should_Drop_A_Trailing_Partial_Frame()
        {
            // Given: 16-bit stereo (4-byte frames) with 6 data bytes
            var bytes = RiffChunks.From(RiffChunks.Wav([[0.5], [0.5]], 8000)).Replace("data", [0, 0x40, 0, 0x40, 1, 2]).ToBytes();

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { 0.5 }));
        }

        [Test]
        public void Should_Read_A_File_By_Path()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Combine("a.wav");
            WavWriter.Write(path, new AudioClip([0.5, -0.5], 16000));

            // When
            var clip = WavReader.Read(path);

            // Then
            Assert.That(clip.SampleRate, Is.EqualTo(16000));
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { 0.5, -0.5 }));
        }

        [TestCase(1)]
        [TestCase(7)]
        [TestCase(8)]
        [TestCase(1003)]
        public void Should_Read_Every_16_Bit_Mono_Sample_Exactly(int length)
        {
            // Given: every length around the eight-at-a-time path, with both extremes and zero
            var random = new Random(length);
            var raw = Enumerable.Range(0, length).Select(n => (short)(n switch { 0 => short.MinValue, 1 => short.MaxValue, 2 => 0, _ => random.Next(-32768, 32768) })).ToArray();
            var data = new byte[2 * length];
            for (var i = 0; i < length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), raw[i]);
            }

            var bytes = RiffChunks.Mono16(0).Replace("data", data).ToBytes();

            // When
            var clip = Read(bytes);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(raw.Select(v => v / 32768.0).ToArray()));
        }

        [Test]
        public void Should_Resample_When_The_Target_Rate_Differs()
        {
            // Given
            var bytes = RiffChunks.Wav([GeneratedAudio.Sine(440, 16000, 0.1)], 16000);

            // When
            var clip = Read(bytes, 8000);

            // Then
            Assert.That(clip.SampleRate, Is.EqualTo(8000));
            Assert.That(clip.Length, Is.EqualTo(800));
        }

        [Test]
        public void Should_Not_Resample_When_The_Target_Rate_Matches()
        {
            // Given
            var bytes = RiffChunks.Wav([ExactValues], 8000);

            // When
            var clip = Read(bytes, 8000);

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(ExactValues));
        }

        [Test]
        public void Should_Never_Throw_Anything_But_WorkflowException_For_Damaged_Bytes()
        {
            // Given: every truncation and many single-byte corruptions of a file with a LIST chunk
            var valid = RiffChunks.Mono16(0.5, -0.5, 0.25).Insert(1, "LIST", new byte[9]).ToBytes();
            var random = new Random(1234);
            var damaged = Enumerable.Range(0, valid.Length).Select(n => valid[..n]).ToList();
            for (var i = 0; i < 2000; i++)
            {
                var copy = (byte[])valid.Clone();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                damaged.Add(copy);
            }

            // When
            var unexpected = damaged.Select(bytes =>
            {
                try
                {
                    Read(bytes);
                    return null;
                }
                catch (WorkflowException)
                {
                    return null;
                }
                catch (Exception e)
                {
                    return e;
                }
            }).Where(e => e is not null).ToList();

            // Then
            Assert.That(unexpected, Is.Empty);
        }
    }

    public sealed class TheReadMethodWithPooledSamples
    {
        private static IEnumerable<TestCaseData> Files()
        {
            var noise = GeneratedAudio.Noise(1601, 0.5, seed: 4);
            yield return new TestCaseData(RiffChunks.Wav([noise], 16000), 16000).SetName("{m}(16-bit mono)");
            yield return new TestCaseData(RiffChunks.Wav([noise, noise.Reverse().ToArray()], 16000, WavSampleFormat.Pcm24, extensible: true), 16000)
                .SetName("{m}(24-bit stereo, extensible)");
            yield return new TestCaseData(RiffChunks.Wav([noise], 8000, WavSampleFormat.Float64), 8000).SetName("{m}(float64)");
            yield return new TestCaseData(RiffChunks.Wav([noise], 8000), 16000).SetName("{m}(resampled 8 to 16 kHz)");
            yield return new TestCaseData(RiffChunks.Wav([noise], 16000), 8000).SetName("{m}(resampled 16 to 8 kHz)");
        }

        [TestCaseSource(nameof(Files))]
        public void Should_Lend_The_Same_Samples_As_Read(byte[] bytes, int targetRate)
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("a.wav", bytes);
            var expected = WavReader.Read(path, targetRate).Samples.ToArray();

            // When: twice, so the second call gets buffers the first one returned
            var first = WavReader.Read(path, targetRate, samples => samples.ToArray());
            var second = WavReader.Read(path, targetRate, samples => samples.ToArray());

            // Then
            Assert.That(first, Is.EqualTo(expected));
            Assert.That(second, Is.EqualTo(expected));
        }

        [Test]
        public void Should_Throw_The_Same_Errors_As_Read()
        {
            // Given
            using var temp = new TempDirectory();
            var missing = temp.Combine("missing.wav");
            var empty = temp.Write("empty.wav", []);

            // When / Then
            Assert.That(() => WavReader.Read(missing, 8000, s => s.Length), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                $"{missing} does not exist; check the path or fetch the data again."));
            Assert.That(() => WavReader.Read(empty, 8000, s => s.Length), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                $"{empty} is empty (0 bytes); remove it or replace it with a WAV file."));
            Assert.That(() => WavReader.Read(temp.Path, 8000, s => s.Length), Throws.TypeOf<WorkflowException>().With.Message.StartsWith(
                $"{temp.Path} could not be read ("));
        }

        [Test]
        public void Should_Pass_On_What_The_Caller_Throws()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("a.wav", RiffChunks.Wav([[0.5, -0.5]], 8000));

            // When / Then
            Assert.That(() => WavReader.Read<int>(path, 8000, _ => throw new InvalidOperationException("boom")),
                Throws.InvalidOperationException.With.Message.EqualTo("boom"));
            Assert.That(WavReader.Read(path, 8000, s => s.ToArray()), Is.EqualTo(new[] { 0.5, -0.5 }));
        }
    }

    public sealed class TheReadMethodWhenTheFileIsBad
    {
        [Test]
        public void Should_Throw_When_The_File_Does_Not_Exist()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Combine("missing.wav");

            // When / Then
            Assert.That(() => WavReader.Read(path), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                $"{path} does not exist; check the path or fetch the data again."));
        }

        [Test]
        public void Should_Throw_When_The_File_Is_Empty() =>
            AssertFails([], "data/7/x.wav is empty (0 bytes); remove it or replace it with a WAV file.");

        [Test]
        public void Should_Throw_When_The_File_Is_Not_Riff() =>
            AssertFails([.. "ID3\u0004\0\0\0\0\0\0\0\0"u8],
                "data/7/x.wav is not a RIFF/WAVE file (starts with 'ID3?'); remove it or convert it to WAV.");

        [Test]
        public void Should_Throw_When_The_Riff_Form_Is_Not_Wave() =>
            AssertFails([.. "RIFF\u0004\0\0\0AVI "u8],
                "data/7/x.wav is not a RIFF/WAVE file (it is a RIFF 'AVI ' file); remove it or convert it to WAV.");

        [Test]
        public void Should_Throw_When_The_Header_Is_Truncated() =>
            AssertFails([.. "RIFF\u0004\0\0\0WA"u8],
                "data/7/x.wav is truncated: 10 bytes is too short for a RIFF/WAVE header (12 bytes); re-export or re-download it.");

        [Test]
        public void Should_Throw_When_The_Fmt_Chunk_Is_Truncated() =>
            AssertFails(RiffChunks.Mono16(0.5).Remove("data").ToBytes()[..30],
                "data/7/x.wav is truncated: its 'fmt ' chunk declares 16 bytes but only 10 are present; re-export or re-download it.");

        [Test]
        public void Should_Throw_When_The_Fmt_Chunk_Is_Too_Short() =>
            AssertFails(RiffChunks.Mono16(0.5).Replace("fmt ", new byte[14]).ToBytes(),
                "data/7/x.wav has a 'fmt ' chunk of 14 bytes, too short for a WAV format (16 bytes); re-export or re-download it.");

        [Test]
        public void Should_Throw_When_The_Data_Chunk_Is_Truncated()
        {
            // Given: 100 samples declared, 30 bytes of them present
            var bytes = RiffChunks.Mono16(new double[100]).ToBytes();

            // When / Then
            AssertFails(bytes[..(bytes.Length - 170)],
                "data/7/x.wav is truncated: its data chunk declares 200 bytes but only 30 are present; re-export or re-download it.");
        }

        [Test]
        public void Should_Throw_When_There_Is_No_Fmt_Chunk() =>
            AssertFails(RiffChunks.Mono16(0.5).Remove("fmt ").ToBytes(),
                "data/7/x.wav has no 'fmt ' chunk, so its sample format is unknown; re-export or re-download it.");

        [Test]
        public void Should_Throw_When_There_Is_No_Data_Chunk() =>
            AssertFails(RiffChunks.Mono16(0.5).Remove("data").ToBytes(),
                "data/7/x.wav has no 'data' chunk, so it holds no audio; re-export or re-download it.");

        [Test]
        public void Should_Throw_When_The_Data_Chunk_Is_Empty() =>
            AssertFails(RiffChunks.Mono16(0.5).Replace("data", []).ToBytes(),
                "data/7/x.wav contains no audio samples (its data chunk has 0 bytes); remove it or re-record it.");

        [Test]
        public void Should_Throw_When_The_Data_Chunk_Is_Shorter_Than_One_Frame() =>
            AssertFails(RiffChunks.From(RiffChunks.Wav([[0.5], [0.5]], 8000)).Replace("data", [1, 2, 3]).ToBytes(),
                "data/7/x.wav contains no audio samples (its data chunk has 3 bytes); remove it or re-record it.");

        [TestCase((ushort)0x0055, "0x0055 (MP3)")]
        [TestCase((ushort)0x0002, "0x0002 (Microsoft ADPCM)")]
        [TestCase((ushort)0x0007, "0x0007 (mu-law)")]
        [TestCase((ushort)0x1234, "0x1234")]
        public void Should_Throw_When_The_Format_Is_Compressed(ushort code, string described) =>
            AssertFails(RiffChunks.Mono16(0.5).Edit("fmt ", fmt => BinaryPrimitives.WriteUInt16LittleEndian(fmt, code)).ToBytes(),
                $"data/7/x.wav uses format {described}, which is not supported (only PCM and IEEE float); " +
                "convert it to 16-bit PCM WAV (e.g. ffmpeg -i IN -c:a pcm_s16le OUT.wav).");

        [Test]
        public void Should_Throw_When_An_Extensible_Subformat_Is_Compressed()
        {
            // Given
            var bytes = RiffChunks.From(RiffChunks.Wav([[0.5]], 8000, extensible: true))
                .Edit("fmt ", fmt => BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), 0x0055)).ToBytes();

            // When / Then
            AssertFails(bytes, "data/7/x.wav uses format 0x0055 (MP3), which is not supported (only PCM and IEEE float); " +
                "convert it to 16-bit PCM WAV (e.g. ffmpeg -i IN -c:a pcm_s16le OUT.wav).");
        }

        [Test]
        public void Should_Throw_When_An_Extensible_Fmt_Chunk_Is_Too_Short()
        {
            // Given
            var chunks = RiffChunks.From(RiffChunks.Wav([[0.5]], 8000, extensible: true));
            var shortFmt = chunks.Chunks.Single(c => c.Id == "fmt ").Body[..24];

            // When / Then
            AssertFails(chunks.Replace("fmt ", shortFmt).ToBytes(),
                "data/7/x.wav has a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of 24 bytes, too short (40 bytes); re-export or re-download it.");
        }

        [TestCase((ushort)1, (ushort)40, "data/7/x.wav has an unsupported bit depth of 40 bits for integer PCM (supported: 8, 16, 24 or 32); ")]
        [TestCase((ushort)1, (ushort)0, "data/7/x.wav has an unsupported bit depth of 0 bits for integer PCM (supported: 8, 16, 24 or 32); ")]
        [TestCase((ushort)3, (ushort)16, "data/7/x.wav has an unsupported bit depth of 16 bits for IEEE float (supported: 32 or 64); ")]
        public void Should_Throw_When_The_Bit_Depth_Is_Unsupported(ushort code, ushort bits, string start) =>
            AssertFails(
                RiffChunks.Mono16(0.5).Edit("fmt ", fmt =>
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(fmt, code);
                    BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
                }).ToBytes(),
                start + "convert it to 16-bit PCM WAV (e.g. ffmpeg -i IN -c:a pcm_s16le OUT.wav).");

        [Test]
        public void Should_Throw_When_There_Are_Zero_Channels() =>
            AssertFails(RiffChunks.Mono16(0.5).Edit("fmt ", fmt => BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), 0)).ToBytes(),
                "data/7/x.wav declares 0 channels in its 'fmt ' chunk; the file is damaged, re-export it.");

        [Test]
        public void Should_Throw_When_The_Sample_Rate_Is_Zero() =>
            AssertFails(RiffChunks.Mono16(0.5).Edit("fmt ", fmt => BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), 0)).ToBytes(),
                "data/7/x.wav declares a sample rate of 0 Hz in its 'fmt ' chunk; the file is damaged, re-export it.");
    }
}
