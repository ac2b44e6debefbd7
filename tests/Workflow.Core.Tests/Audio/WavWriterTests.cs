using System.Buffers.Binary;
using Workflow.Audio;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Audio;

public sealed class WavWriterTests
{
    public sealed class TheWriteMethod
    {
        [Test]
        public void Should_Write_A_Canonical_44_Byte_Header_For_Pcm16()
        {
            // Given
            using var stream = new MemoryStream();

            // When
            WavWriter.Write(stream, [[0.5, -0.5]], 8000);

            // Then
            var bytes = stream.ToArray();
            Assert.That(bytes, Has.Length.EqualTo(48));
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 16), Is.EqualTo("RIFF(\0\0\0WAVEfmt "));
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)), Is.EqualTo(1));
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28)), Is.EqualTo(16000));
            Assert.That(BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44)), Is.EqualTo(16384));
            Assert.That(BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(46)), Is.EqualTo(-16384));
        }

        [Test]
        public void Should_Clip_Values_Outside_The_Range()
        {
            // Given
            using var stream = new MemoryStream();

            // When
            WavWriter.Write(stream, [[2.0, -2.0]], 8000, WavSampleFormat.Pcm8);
            var clip = WavReader.Read(new MemoryStream(stream.ToArray()), "clip.wav");

            // Then
            Assert.That(clip.Samples.ToArray(), Is.EqualTo(new[] { 127.0 / 128, -1.0 }));
        }

        [Test]
        public void Should_Pad_An_Odd_Sized_Data_Chunk()
        {
            // Given
            using var stream = new MemoryStream();

            // When: 3 samples of 8-bit audio
            WavWriter.Write(stream, [[0.0, 0.5, -0.5]], 8000, WavSampleFormat.Pcm8);

            // Then
            Assert.That(stream.Length % 2, Is.Zero);
            Assert.That(RiffChunks.From(stream.ToArray()).Chunks.Single(c => c.Id == "data").Body, Has.Length.EqualTo(3));
        }

        [Test]
        public void Should_Throw_When_Channels_Differ_In_Length()
        {
            // Given
            using var stream = new MemoryStream();

            // When / Then
            Assert.That(() => WavWriter.Write(stream, [[0.0], [0.0, 0.0]], 8000), Throws.ArgumentException);
        }
    }
}
