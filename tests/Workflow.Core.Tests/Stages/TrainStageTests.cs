using Newtonsoft.Json.Linq;
using Workflow.Data;
using Workflow.Pipeline;
using Workflow.Stages;
using Workflow.Tests.Fixtures;
using Workflow.Tests.Training;
using Workflow.Training;

namespace Workflow.Tests.Stages;

public sealed partial class TrainStageTests
{
    /// <summary>A data set of the synthetic classes a and b (train/ and test/ layout) with its feature files written.</summary>
    internal static (Dataset Dataset, Workspace Workspace) Features(TempDirectory directory, int perClass = 12)
    {
        var paths = new List<string>();
        foreach (var (label, means) in SyntheticFeatures.FourClasses().Take(2))
        {
            var utterances = SyntheticFeatures.Utterances(label[0], perClass + 3, means);
            for (var i = 0; i < utterances.Count; i++)
            {
                var path = $"{(i < perClass ? "train" : "test")}/{label}/{i:D3}.wav";
                paths.Add(path);
                using var stream = File.Create(PathOf(directory, $"artifacts/features/{path}.mfcc"));
                utterances[i].WriteTo(stream);
            }
        }
        return (Dataset.FromPaths(directory.Combine("data"), paths, new SplitOptions()), new Workspace(directory.Path));
    }

    private static string PathOf(TempDirectory directory, string name)
    {
        var path = directory.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    internal static WorkflowConfig Config(string family = "hmm") => new() { Train = FamilyCases.For(family) };

    internal static void TrainAll(TrainStage stage, Workspace workspace)
    {
        Directory.CreateDirectory(workspace.Resolve("artifacts/models"));
        foreach (var unit in stage.Units()) stage.Run(unit, workspace);
    }

    public sealed class TheRunMethod
    {
        [TestCaseSource(typeof(FamilyCases), nameof(FamilyCases.All))]
        public void Should_Write_Byte_Identical_Models_And_Metadata_In_Two_Clean_Builds(string family)
        {
            // Given
            using var first = new TempDirectory();
            using var second = new TempDirectory();
            var (dataset, workspace) = Features(first);
            var (_, again) = Features(second);

            // When
            TrainAll(new TrainStage(dataset, Config(family)), workspace);
            TrainAll(new TrainStage(dataset, Config(family)), again);

            // Then
            foreach (var label in dataset.Classes)
            {
                foreach (var name in new[] { TrainStage.ModelPath(label), TrainStage.MetadataPath(label) })
                    Assert.That(File.ReadAllBytes(again.Resolve(name)), Is.EqualTo(File.ReadAllBytes(workspace.Resolve(name))), name);
            }
        }

        [Test]
        public void Should_Describe_The_Model_Without_A_Clock()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace) = Features(directory);

            // When
            TrainAll(new TrainStage(dataset, Config()), workspace);

            // Then
            var metadata = JObject.Parse(File.ReadAllText(workspace.Resolve(TrainStage.MetadataPath("a"))));
            Assert.That(metadata.Properties().Select(p => p.Name), Is.EqualTo(new[]
            {
                "formatVersion", "class", "family", "trainingFiles", "trainingFrames", "parameters", "seed", "dataHash", "origin", "base",
            }));
            Assert.That(((string)metadata["origin"]!, (string?)metadata["base"]), Is.EqualTo(("trained", (string?)null)));
            Assert.That((int)metadata["formatVersion"]!, Is.EqualTo(ClassModelMetadata.CurrentFormatVersion));
            Assert.That((int)metadata["trainingFiles"]!, Is.EqualTo(12));
            Assert.That((string)metadata["family"]!, Is.EqualTo("hmm"));
        }

        [Test]
        public void Should_Train_The_Same_Model_As_The_Trainer_Given_The_Features_In_Memory()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace) = Features(directory);
            var config = Config();
            var utterances = dataset.Training("b").Select(f => TrainStage.ReadFeatures(workspace, FeaturePaths.Of(f))).ToList();
            var expected = directory.Combine("expected.model");
            ClassModelFile.Write(expected, ClassModelTrainerFactory.Create(config.Train).Fit("b", utterances));

            // When
            TrainAll(new TrainStage(dataset, config), workspace);

            // Then
            Assert.That(File.ReadAllBytes(workspace.Resolve(TrainStage.ModelPath("b"))), Is.EqualTo(File.ReadAllBytes(expected)));
        }

        [TestCase(-7, "truncated")]
        [TestCase(+4, "changed while it was read")]
        public void Should_Name_A_Feature_File_Whose_Length_Does_Not_Match_Its_Header(int bytes, string says)
        {
            // Given: one of class a's feature files cut short, or longer than its header says
            using var directory = new TempDirectory();
            var (dataset, workspace) = Features(directory);
            var name = FeaturePaths.Of(dataset.Training("a")[3]);
            var file = File.ReadAllBytes(workspace.Resolve(name));
            File.WriteAllBytes(workspace.Resolve(name), bytes < 0 ? file[..^-bytes] : [.. file, .. new byte[bytes]]);
            var stage = new TrainStage(dataset, Config());
            var unit = stage.Units().Single(u => u.Name == "a");

            // When / Then
            Assert.That(() => stage.Run(unit, workspace), Throws.TypeOf<WorkflowException>().With.Message.Contains(name).And.Message.Contains(says));
        }
    }
}
