using Workflow.Audio;
using Workflow.Pretrained;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pretrained;

public sealed class SileroVadTests
{
    private static SileroVad Vad() => new(File.ReadAllBytes(Repository.PathOf("models/silero_vad.onnx")));

    private static double[] Recording() => WavReader.Read(BundledRecordings.PathOf("5/5_jackson_20.wav"), 8000).Samples.ToArray();

    public sealed class TheSpeechProbabilitiesMethod
    {
        [Test]
        public void Should_Hear_Speech_In_A_Recording_And_None_In_Silence()
        {
            // Given
            using var vad = Vad();

            // When
            var speech = vad.SpeechProbabilities(Recording(), 8000);
            var silence = vad.SpeechProbabilities(new double[8000], 8000);

            // Then
            Assert.That(speech.Max(), Is.GreaterThan(0.8f));
            Assert.That(silence.Max(), Is.LessThan(0.1f));
        }
    }

    public sealed class TheTrimMethod
    {
        [Test]
        public void Should_Cut_Added_Silence_Back_To_About_The_Recording()
        {
            // Given: half a second of silence on both sides
            using var vad = Vad();
            var recording = Recording();
            var padded = new double[4000].Concat(recording).Concat(new double[4000]).ToArray();

            // When
            var trimmed = vad.Trim(padded, 8000);

            // Then: within 0.25 s of the original length, and never empty
            Assert.That(trimmed.Length, Is.EqualTo(recording.Length).Within(2000));
            Assert.That(vad.Trim(new double[800], 8000), Has.Length.EqualTo(800));
        }

        [Test]
        public void Should_Refuse_A_Sample_Rate_Silero_Does_Not_Support()
        {
            using var vad = Vad();

            var error = Assert.Throws<WorkflowException>(() => vad.Trim(new double[100], 22050));

            Assert.That(error!.Message, Is.EqualTo("Silero VAD works at 8000 or 16000 Hz, not 22050; set audio.sampleRate to one of them or audio.vad to \"none\"."));
        }
    }
}
