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
        public void Should_Say_Where_Json_Is_Broken()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", "{\n  \"train\": { \"seed\": 1,, }\n}");

            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json"));

            Assert.That(error!.Message, Does.StartWith("c.json: not valid JSON at line 2"));
        }
    }
}
