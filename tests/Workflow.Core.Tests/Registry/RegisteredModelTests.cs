using Workflow.Features;
using Workflow.Registry;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Registry;

public sealed class RegisteredModelTests
{
    public sealed class TheClassifyMethod
    {
        [TestCase("low")]
        [TestCase("mid")]
        [TestCase("high")]
        public void Should_Predict_The_Class_Of_A_Tone(string label)
        {
            // Given
            using var temp = new TempDirectory();
            var registry = ModelRegistryTests.WithVersions(temp, 1);
            registry.SetAlias("tones/1", "prod");
            var wav = RegistryPackages.WriteTone(temp.Combine($"{label}.wav"), RegistryPackages.Tones[label], seed: 99);

            // When
            var result = RegisteredModel.Open(registry, "tones@prod").Classify(wav);

            // Then
            Assert.That(result.Predicted, Is.EqualTo(label));
            Assert.That(result.Scores.Keys, Is.EqualTo(new[] { "high", "low", "mid" }));
        }

        [Test]
        public void Should_Score_Exactly_As_The_Class_Models_Score_The_Extracted_Features()
        {
            // Given: the same steps Evaluate takes, done by hand with the package's own model files
            using var temp = new TempDirectory();
            var registry = ModelRegistryTests.WithVersions(temp, 1);
            var wav = RegistryPackages.WriteTone(temp.Combine("x.wav"), 700, seed: 3);
            System.IO.Compression.ZipFile.ExtractToDirectory(registry.PackagePath(registry.Resolve("tones/1")), temp.Combine("unzipped"));
            var features = new MfccExtractor(new MfccOptions(), RegistryPackages.SampleRate)
                .Extract(Workflow.Audio.WavReader.Read(wav, RegistryPackages.SampleRate).Samples);
            var expected = new[] { "high", "low", "mid" }
                .ToDictionary(c => c, c => ClassModelFile.Read(temp.Combine($"unzipped/models/{c}.model"), c).Score(features));

            // When
            var result = RegisteredModel.Open(registry, "tones/1").Classify(wav);

            // Then
            Assert.That(result.Scores, Is.EqualTo(expected));
        }
    }

    public sealed class TheOpenMethod
    {
        [Test]
        public void Should_Refuse_A_Package_Changed_On_Disk()
        {
            using var temp = new TempDirectory();
            var registry = ModelRegistryTests.WithVersions(temp, 1);
            File.AppendAllText(registry.PackagePath(registry.Resolve("tones/1")), "x");

            var error = Assert.Throws<WorkflowException>(() => RegisteredModel.Open(registry, "tones/1"));

            Assert.That(error!.Message, Is.EqualTo(
                $"The package of tones/1 ({registry.PackagePath(registry.Resolve("tones/1"))}) changed on disk since it was registered; run verify, and register the package again if you still have it."));
        }
    }
}
