using Workflow.Features;

namespace Workflow.Tests.Features;

public sealed class NoteQuantizerTests
{
    private static PitchTrack Track(params (double Hz, int Frames)[] runs) =>
        new([.. runs.SelectMany(r => Enumerable.Repeat(r.Hz, r.Frames))], Hop: 0.01);

    private static double Semitones(double tonic, double steps) => tonic * Math.Pow(2, steps / 12);

    public sealed class TheQuantizeMethod
    {
        [Test]
        public void Should_Give_One_Symbol_Per_Note_Folded_Relative_To_The_Tonic()
        {
            // Given: Sa, Re, Ga, upper Sa, lower Ni around a 200 Hz tonic, 10 frames each
            var track = Track((200, 10), (Semitones(200, 2), 10), (Semitones(200, 4), 10), (400, 10), (Semitones(200, -1), 10));

            // When
            var notes = NoteQuantizer.Quantize(track, 200, new PitchOptions());

            // Then
            Assert.That(notes, Is.EqualTo(new[] { 0, 2, 4, 0, 11 }));
        }

        [Test]
        public void Should_Keep_Three_Octaves_When_Not_Folded_And_Leave_Out_What_Lies_Outside()
        {
            // Given
            var track = Track((200, 10), (400, 10), (Semitones(200, -1), 10), (1600, 10), (Semitones(200, 2), 10));

            // When
            var notes = NoteQuantizer.Quantize(track, 200, new PitchOptions { Fold = false });

            // Then: middle Sa = 12, upper Sa = 24, lower Ni = 11; two octaves up is outside and left out
            Assert.That(notes, Is.EqualTo(new[] { 12, 24, 11, 14 }));
        }

        [Test]
        public void Should_Use_Quarter_Tones_With_24_Bins()
        {
            // Given
            var track = Track((Semitones(200, 0.5), 10), (Semitones(200, 1), 10));

            // When
            var notes = NoteQuantizer.Quantize(track, 200, new PitchOptions { Bins = 24 });

            // Then
            Assert.That(notes, Is.EqualTo(new[] { 1, 2 }));
        }

        [Test]
        public void Should_Merge_Short_Runs_And_Skip_Unvoiced_Frames()
        {
            // Given: a 30 ms glide frame run and a 20 ms vibrato excursion (below minNoteMs = 60), a rest
            var track = Track((200, 10), (Semitones(200, 1), 3), (Semitones(200, 2), 10), (Semitones(200, 3), 2), (Semitones(200, 2), 8), (double.NaN, 20), (200, 9));

            // When
            var notes = NoteQuantizer.Quantize(track, 200, new PitchOptions());

            // Then
            Assert.That(notes, Is.EqualTo(new[] { 0, 2, 0 }));
        }

        [Test]
        public void Should_Give_No_Notes_When_Nothing_Is_Voiced()
        {
            // Given / When / Then
            Assert.That(NoteQuantizer.Quantize(Track((double.NaN, 30)), 200, new PitchOptions()), Is.Empty);
        }
    }
}
