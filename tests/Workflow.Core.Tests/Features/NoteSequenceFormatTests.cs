using Workflow.Features;

namespace Workflow.Tests.Features;

public sealed class NoteSequenceFormatTests
{
    private static byte[] Bytes(NoteSequence sequence)
    {
        using var stream = new MemoryStream();
        sequence.WriteTo(stream);
        return stream.ToArray();
    }

    public sealed class TheReadMethod
    {
        [Test]
        public void Should_Read_Back_What_Was_Written()
        {
            // Given
            var sequence = new NoteSequence([0, 4, 7, 11], 12, 196.5, TonicGiven: true, VoicedFraction: 0.75, Frames: 400);

            // When
            var read = NoteSequenceFormat.Read(Bytes(sequence), "x.wav.pitch");

            // Then
            Assert.That(read.Symbols, Is.EqualTo(sequence.Symbols));
            Assert.That(read with { Symbols = sequence.Symbols }, Is.EqualTo(sequence));
        }

        [Test]
        public void Should_Name_The_File_When_A_Byte_Changed()
        {
            // Given
            var bytes = Bytes(new NoteSequence([1, 2], 12, 200, false, 0.5, 100));
            bytes[41] ^= 1;

            // When / Then
            Assert.That(() => NoteSequenceFormat.Read(bytes, "x.wav.pitch"), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "x.wav.pitch is corrupt (its checksum does not match its contents); delete it so it is recomputed."));
        }

        [Test]
        public void Should_Refuse_A_Feature_Matrix()
        {
            // Given
            using var stream = new MemoryStream();
            new FeatureMatrix(1, 1, [1.0]).WriteTo(stream);

            // When / Then
            Assert.That(() => NoteSequenceFormat.Read(stream.ToArray(), "x.wav.pitch"), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "x.wav.pitch is not a note-sequence file (it does not start with 'WFNS' and a 40-byte header); delete it so it is recomputed."));
        }
    }
}
