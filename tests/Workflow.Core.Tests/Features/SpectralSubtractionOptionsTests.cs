using Workflow.Features;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Features;

public sealed class SpectralSubtractionOptionsTests
{
    public sealed class TheConfigSetting
    {
        [Test]
        public void Should_Be_Read_With_Defaults_For_What_Is_Left_Out()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", "{ \"features\": { \"spectralSubtraction\": { \"quietFraction\": 0.3 } } }");

            // When
            var config = WorkflowConfig.Load(path, "c.json");

            // Then
            Assert.That(config.Features.SpectralSubtraction, Is.EqualTo(new SpectralSubtractionOptions { QuietFraction = 0.3, Factor = 1.0, Floor = 0.1 }));
        }

        [Test]
        public void Should_Be_Left_Out_Of_The_Settings_Json_When_Null_And_Part_Of_The_Feature_Key_When_Set()
        {
            // Given
            using var temp = new TempDirectory();
            var off = WorkflowConfig.Load(temp.Write("off.json", "{}"), "off.json");
            var explicitOff = WorkflowConfig.Load(temp.Write("null.json", "{ \"features\": { \"spectralSubtraction\": null } }"), "null.json");
            var on = WorkflowConfig.Load(temp.Write("on.json", "{ \"features\": { \"spectralSubtraction\": {} } }"), "on.json");

            // When
            var features = (off.Sections("features"), explicitOff.Sections("features"), on.Sections("features"));

            // Then: without it every feature key is what it was before the setting existed
            Assert.That(features.Item1["features"]!["spectralSubtraction"], Is.Null);
            Assert.That(explicitOff.Hash, Is.EqualTo(off.Hash));
            Assert.That(features.Item3["features"]!["spectralSubtraction"]!.ToString(Newtonsoft.Json.Formatting.None),
                Is.EqualTo("{\"quietFraction\":0.2,\"factor\":1.0,\"floor\":0.1}"));
            Assert.That(on.Hash, Is.Not.EqualTo(off.Hash));
        }

        [TestCase("{ \"features\": { \"spectralSubtraction\": { \"quietFractoin\": 0.3 } } }",
            "c.json: unknown setting 'features.spectralSubtraction.quietFractoin' at line 1; see config/README.md for the settings.")]
        [TestCase("{ \"features\": { \"spectralSubtraction\": { \"factor\": \"twice\" } } }",
            "c.json: invalid value for 'features.spectralSubtraction.factor' at line 1; see config/README.md for the settings.")]
        [TestCase("{ \"features\": { \"spectralSubtraction\": { \"quietFraction\": 0 } } }",
            "c.json: features.spectralSubtraction.quietFraction must be above 0 and at most 1 (got 0).")]
        [TestCase("{ \"features\": { \"spectralSubtraction\": { \"factor\": 12 } } }",
            "c.json: features.spectralSubtraction.factor must be between 0 and 10 (got 12).")]
        [TestCase("{ \"features\": { \"spectralSubtraction\": { \"floor\": 1.5 } } }",
            "c.json: features.spectralSubtraction.floor must be above 0 and at most 1 (got 1.5).")]
        public void Should_Name_The_Setting_When_It_Is_Wrong(string text, string message)
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", text);

            // When
            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json"));

            // Then
            Assert.That(error!.Message, Is.EqualTo(message));
        }
    }
}
