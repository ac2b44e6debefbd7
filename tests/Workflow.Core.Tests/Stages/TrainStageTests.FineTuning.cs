using Newtonsoft.Json.Linq;
using Workflow.Data;
using Workflow.Pipeline;
using Workflow.Registry;
using Workflow.Stages;
using Workflow.Tests.Fixtures;
using Workflow.Tests.Training;
using Workflow.Training;

namespace Workflow.Tests.Stages;

public sealed partial class TrainStageTests
{
    /// <summary>
    /// Registers "synthetic/N" in <paramref name="registryRoot"/>: hmm models of classes a and c (not b), trained on the
    /// synthetic classes' utterances drawn with <paramref name="seed"/>. The data sets of <see cref="Features"/> hold a and b.
    /// </summary>
    internal static void RegisterBase(TempDirectory directory, string registryRoot, int seed = 7)
    {
        var config = Config() with { Model = new Workflow.Packaging.ModelOptions { Name = "synthetic", Attribution = null } };
        var trainer = ClassModelTrainerFactory.Create(config.Train);
        var models = SyntheticFeatures.FourClasses().Where(c => c.Label != "b" && c.Label != "d")
            .Select(c => trainer.Fit(c.Label, SyntheticFeatures.Utterances(c.Label[0] * 100 + seed, 10, c.Means)))
            .ToList();
        var files = RegistryPackages.Write(directory.Combine($"base-{seed}"), "synthetic", config, models);
        new ModelRegistry(registryRoot).Register(files.Package, files.Manifest, "synthetic");
    }

    /// <summary>A fine-tuning stage over <see cref="Features"/>'s data, from <paramref name="reference"/> in the registry.</summary>
    internal static (TrainStage Stage, BasePackage Base) FineTuning(Dataset dataset, string registryRoot, string reference = "synthetic@prod")
    {
        var config = Config() with { Train = Config().Train with { Base = reference } };
        var basePackage = BasePackage.Resolve(RegistryAddress.OfFolder(registryRoot), config);
        return (new TrainStage(dataset.WithClasses(basePackage.Classes), config, basePackage), basePackage);
    }

    public sealed class TheUnitsMethod
    {
        [Test]
        public void Should_Have_A_Unit_Per_Class_Of_The_Data_And_Of_The_Base_Each_Saying_How_It_Is_Made()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, _) = Features(directory);
            var registry = directory.Combine("registry");
            RegisterBase(directory, registry);
            new ModelRegistry(registry).SetAlias("synthetic/1", "prod");

            // When
            var (stage, _) = FineTuning(dataset, registry);

            // Then
            Assert.That(stage.Units().Select(u => (u.Name, u.Note)), Is.EqualTo(new (string, string?)[]
            {
                ("a", "adapted from synthetic/1"),
                ("b", "synthetic/1 has no class 'b': trained from scratch"),
                ("c", "no training recordings of it here: kept synthetic/1's model unchanged"),
            }));
        }

        [Test]
        public void Should_Hold_The_Base_Packages_Sha256_In_Every_Key()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, _) = Features(directory);
            var registry = directory.Combine("registry");
            RegisterBase(directory, registry);
            new ModelRegistry(registry).SetAlias("synthetic/1", "prod");

            // When
            var (stage, basePackage) = FineTuning(dataset, registry);

            // Then
            var sha256 = new ModelRegistry(registry).Resolve("synthetic/1").PackageSha256;
            Assert.That(basePackage.Version.Sha256, Is.EqualTo(sha256));
            Assert.That(stage.Units().Select(u => (string?)u.Parameters.SelectToken("train.base.sha256")), Is.All.EqualTo(sha256));
        }
    }

    public sealed class TheRunMethodWhenFineTuning
    {
        [Test]
        public void Should_Keep_The_Bases_Model_Byte_For_Byte_For_A_Class_Without_Recordings()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace) = Features(directory);
            var registry = directory.Combine("registry");
            RegisterBase(directory, registry);
            new ModelRegistry(registry).SetAlias("synthetic/1", "prod");
            var (stage, basePackage) = FineTuning(dataset, registry);

            // When
            TrainAll(stage, workspace);

            // Then
            Assert.That(File.ReadAllText(workspace.Resolve(TrainStage.ModelPath("c"))), Is.EqualTo(basePackage.ModelText("c")));
            var metadata = JObject.Parse(File.ReadAllText(workspace.Resolve(TrainStage.MetadataPath("c"))));
            Assert.That(((string)metadata["origin"]!, (string)metadata["base"]!, (int)metadata["trainingFiles"]!), Is.EqualTo(("base", "synthetic/1", 0)));
        }

        [Test]
        public void Should_Adapt_A_Class_The_Base_Has_And_Train_One_It_Lacks_From_Scratch()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace) = Features(directory);
            var registry = directory.Combine("registry");
            RegisterBase(directory, registry);
            new ModelRegistry(registry).SetAlias("synthetic/1", "prod");
            var (stage, basePackage) = FineTuning(dataset, registry);
            var utterances = dataset.Training("a").Select(f => TrainStage.ReadFeatures(workspace, FeaturePaths.Of(f))).ToList();

            // When
            TrainAll(stage, workspace);

            // Then
            var adapted = ClassModelFile.Read(workspace.Resolve(TrainStage.ModelPath("a")), "a");
            Assert.That(utterances.Average(adapted.Score), Is.GreaterThan(utterances.Average(basePackage.Model("a").Score)));
            var origins = new[] { "a", "b" }.Select(c => (string)JObject.Parse(File.ReadAllText(workspace.Resolve(TrainStage.MetadataPath(c))))["origin"]!);
            Assert.That(origins, Is.EqualTo(new[] { "adapted", "trained" }));
            var scratch = ClassModelTrainerFactory.Create(Config().Train)
                .Fit("b", dataset.Training("b").Select(f => TrainStage.ReadFeatures(workspace, FeaturePaths.Of(f))).ToList());
            Assert.That(File.ReadAllText(workspace.Resolve(TrainStage.ModelPath("b"))),
                Is.EqualTo(Newtonsoft.Json.JsonConvert.SerializeObject(scratch, Newtonsoft.Json.Formatting.Indented) + "\n"));
        }

        [Test]
        public void Should_Rerun_Every_Unit_Saying_Why_When_The_Alias_Moves_To_Another_Version()
        {
            // Given: a run from synthetic@prod → 1, then prod moved to 2 (other models)
            using var directory = new TempDirectory();
            var (dataset, workspace) = Features(directory);
            var registry = directory.Combine("registry");
            RegisterBase(directory, registry, seed: 7);
            RegisterBase(directory, registry, seed: 8);
            new ModelRegistry(registry).SetAlias("synthetic/1", "prod");
            new StageRunner(workspace).Run(FineTuning(dataset, registry).Stage);
            new ModelRegistry(registry).SetAlias("synthetic/2", "prod");
            var again = new StageRunner(workspace).Run(FineTuning(dataset, registry).Stage);
            var unchanged = new StageRunner(workspace).Run(FineTuning(dataset, registry).Stage);

            // Then
            var before = new ModelRegistry(registry).Resolve("synthetic/1").PackageSha256;
            var after = new ModelRegistry(registry).Resolve("synthetic/2").PackageSha256;
            Assert.That(again.Select(d => (d.Unit, d.Status)), Is.EqualTo(new[] { ("a", "ran"), ("b", "ran"), ("c", "ran") }));
            Assert.That(again[0].Reason, Is.EqualTo($"parameter train.base.sha256 changed (\"{before}\" → \"{after}\"); adapted from synthetic/2"));
            Assert.That(unchanged.Select(d => d.Status), Is.All.EqualTo(UnitDecision.UpToDate));
        }
    }
}
