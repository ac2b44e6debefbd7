using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

public sealed class WorkflowConfigTests
{
    public sealed class TheLoadMethod
    {
        [Test]
        public void Should_Load_The_Repositorys_Config()
        {
            var config = WorkflowConfig.Load(Repository.PathOf("config/workflow.json"), "config/workflow.json");

            Assert.That(config.Model.Name, Is.EqualTo("spoken-digits"));
            Assert.That(config.Audio.SampleRate, Is.EqualTo(8000));
        }

        [Test]
        public void Should_Fill_Defaults_For_Missing_Settings_And_Accept_Comments()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", "// nothing set\n{ \"train\": { \"seed\": 7 } }");

            // When
            var config = WorkflowConfig.Load(path, "c.json");

            // Then
            Assert.That(config.Train.Seed, Is.EqualTo(7));
            Assert.That(config.Features.NMfcc, Is.EqualTo(13));
            Assert.That(config.Hash, Is.EqualTo(WorkflowConfig.Load(temp.Write("d.json", "{\"train\":{\"seed\":7}}"), "d.json").Hash));
            Assert.That(config.Cache.LinkTypes(), Is.EqualTo(new[] { Workflow.Cache.LinkType.Reflink, Workflow.Cache.LinkType.Hardlink, Workflow.Cache.LinkType.Copy }));
            // Where bytes live is not part of what they are.
            Assert.That(config.Hash, Is.EqualTo(WorkflowConfig.Load(temp.Write("e.json", "{\"train\":{\"seed\":7},\"cache\":{\"type\":\"copy\"}}"), "e.json").Hash));
        }

        [TestCase("{ \"train\": { \"sed\": 1 } }", "c.json: unknown setting 'train.sed' at line 1; see config/README.md for the settings.")]
        [TestCase("{ \"audio\": { \"sampleRate\": \"fast\" } }", "c.json: invalid value for 'audio.sampleRate' at line 1; see config/README.md for the settings.")]
        [TestCase("{ \"audio\": { \"sampleRate\": 10 } }", "c.json: audio.sampleRate must be between 1000 and 384000 Hz (got 10); 8000 suits speech.")]
        [TestCase("{ \"features\": { \"nMels\": 0 } }", "c.json: features.nMels must be between 1 and 512 (got 0).")]
        [TestCase("{ \"features\": { \"kind\": \"pitch\" } }", "c.json: features.kind \"pitch\" gives note symbols, which train.family \"gaussian\" cannot model; use train.family \"discrete-hmm\" with pitch features.")]
        [TestCase("{ \"features\": { \"kind\": \"pitch\" }, \"train\": { \"family\": \"hmm\" } }", "c.json: features.kind \"pitch\" gives note symbols, which train.family \"hmm\" cannot model; use train.family \"discrete-hmm\" with pitch features.")]
        [TestCase("{ \"train\": { \"family\": \"discrete-hmm\" } }", "c.json: train.family \"discrete-hmm\" models note symbols, but features.kind is \"mfcc\"; set features.kind to \"pitch\", or use gaussian, gmm, hmm, kmeans with MFCCs.")]
        [TestCase("{ \"features\": { \"kind\": \"chroma\" } }", "c.json: features.kind must be one of 'mfcc', 'pitch' (got 'chroma').")]
        [TestCase("{ \"features\": { \"kind\": \"pitch\", \"pitch\": { \"bins\": 18 } }, \"train\": { \"family\": \"discrete-hmm\" } }", "c.json: features.pitch.bins must be 12, 24 or 36 (got 18).")]
        [TestCase("{ \"features\": { \"kind\": \"pitch\", \"pitch\": { \"fmin\": 40, \"frameMs\": 30 } }, \"train\": { \"family\": \"discrete-hmm\" } }", "c.json: features.pitch.frameMs = 30 is too short for fmin = 40 Hz: a frame must hold two periods, at least 51 ms.")]
        [TestCase("{ \"features\": { \"kind\": \"pitch\", \"pitch\": { \"fmax\": 3000 } }, \"train\": { \"family\": \"discrete-hmm\" } }", "c.json: features.pitch.fmax must be above fmin = 60 Hz and at most a quarter of the sample rate, 2000 Hz (got 3000).")]
        [TestCase("{ \"features\": { \"kind\": \"pitch\", \"pitch\": { \"treshold\": 0.2 } }, \"train\": { \"family\": \"discrete-hmm\" } }", "c.json: unknown setting 'features.pitch.treshold' at line 1; see config/README.md for the settings.")]
        [TestCase("{ \"model\": { \"name\": \"My Model\" } }", "c.json: model.name 'My Model' is not a valid model name; use 1–64 lowercase letters, digits, '.', '_' or '-'.")]
        [TestCase("{ \"cache\": { \"type\": \"hardlink,symlink\" } }", "c.json: cache.type 'hardlink,symlink' is not valid ('symlink'); use a comma-separated list of reflink, hardlink and copy, e.g. \"reflink,hardlink,copy\".")]
        [TestCase("{ \"cache\": { \"type\": \"\" } }", "c.json: cache.type '' is not valid; use a comma-separated list of reflink, hardlink and copy, e.g. \"reflink,hardlink,copy\".")]
        public void Should_Name_The_File_And_The_Setting_When_A_Value_Is_Wrong(string text, string message)
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", text);

            // When
            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json"));

            // Then
            Assert.That(error!.Message, Is.EqualTo(message));
        }

        [Test]
        public void Should_Keep_The_Hash_Of_An_Mfcc_Config_When_Pitch_And_Discrete_Hmm_Settings_Exist()
        {
            // Given: the pitch and discrete-hmm sections are left out of the settings' JSON unless chosen
            using var temp = new TempDirectory();
            var config = WorkflowConfig.Load(temp.Write("c.json", "{}"), "c.json");

            // When
            var json = config.ToJson();

            // Then
            Assert.That(json["features"]!["kind"], Is.Null);
            Assert.That(json["features"]!["pitch"], Is.Null);
            Assert.That(json["train"]!["discreteHmm"], Is.Null);
        }

        [Test]
        public void Should_Load_A_Pitch_Config()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", "{ \"features\": { \"kind\": \"pitch\", \"pitch\": { \"bins\": 24, \"fold\": false } }, \"train\": { \"family\": \"discrete-hmm\", \"discreteHmm\": { \"topology\": \"left-to-right\" } } }");

            // When
            var config = WorkflowConfig.Load(path, "c.json");

            // Then
            Assert.That(config.Features.Pitch.Symbols, Is.EqualTo(72));
            Assert.That(config.Train.DiscreteHmm.Topology, Is.EqualTo("left-to-right"));
            Assert.That(config.ToJson()["features"]!["kind"]!.ToString(), Is.EqualTo("pitch"));
        }

        [Test]
        public void Should_Say_Where_Json_Is_Broken()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", "{\n  \"train\": { \"seed\": 1,, }\n}");

            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json"));

            Assert.That(error!.Message, Does.StartWith("c.json: not valid JSON at line 2"));
        }
    }
}
