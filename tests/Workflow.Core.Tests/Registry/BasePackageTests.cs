using Workflow.Cache;
using Workflow.Features;
using Workflow.Pipeline;
using Workflow.Registry;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Registry;

public sealed class BasePackageTests
{
    /// <summary>A registry holding tones/1 (gaussian models of three tones, default features), and its root.</summary>
    private static ModelRegistry Registry(TempDirectory temp)
    {
        var files = RegistryPackages.Write(temp.Combine("build"));
        var registry = new ModelRegistry(temp.Combine("registry"));
        registry.Register(files.Package, files.Manifest, "tones");
        return registry;
    }

    private static WorkflowConfig Config(string reference, string family = "gaussian", MfccOptions? features = null) => new()
    {
        Model = new Workflow.Packaging.ModelOptions { Name = "tones" },
        Features = features ?? new MfccOptions(),
        Train = new TrainOptions { Family = family, Base = reference },
    };

    private static string Message(ModelRegistry registry, WorkflowConfig config) =>
        Assert.Throws<WorkflowException>(() => BasePackage.Resolve(registry.Address, config))!.Message;

    public sealed class TheResolveMethod
    {
        [Test]
        public void Should_Give_The_Version_Its_Sha256_And_Every_Class_Model()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = Registry(temp);
            registry.SetAlias("tones/1", "prod");

            // When
            var resolved = BasePackage.Resolve(registry.Address, Config("tones@prod"));

            // Then
            var version = registry.Resolve("tones/1");
            Assert.That(resolved.Version, Is.EqualTo(new BaseVersion("tones@prod", "tones/1", version.PackageSha256)));
            Assert.That(resolved.Classes, Is.EqualTo(new[] { "high", "low", "mid" }));
            Assert.That(resolved.Model("low"), Is.TypeOf<DiagonalGaussianModel>());
        }

        [Test]
        public void Should_Refuse_A_Version_That_Does_Not_Exist()
        {
            using var temp = new TempDirectory();
            var registry = Registry(temp);

            Assert.That(Message(registry, Config("tones/7")), Is.EqualTo("train.base 'tones/7': tones has no version 7; its versions are: 1."));
        }

        [Test]
        public void Should_Refuse_An_Alias_That_Does_Not_Exist()
        {
            using var temp = new TempDirectory();
            var registry = Registry(temp);

            Assert.That(Message(registry, Config("tones@prod")), Is.EqualTo(
                "train.base 'tones@prod': tones has no alias 'prod'; it has no aliases yet (set one with: alias set tones/<version> prod)."));
        }

        [Test]
        public void Should_Refuse_A_Model_The_Registry_Does_Not_Hold()
        {
            using var temp = new TempDirectory();
            var registry = Registry(temp);

            Assert.That(Message(registry, Config("digits@prod")), Is.EqualTo(
                $"train.base 'digits@prod': No model named 'digits' in the registry {registry.Root}; it holds: tones."));
        }

        [Test]
        public void Should_Refuse_A_Corrupt_Package()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = Registry(temp);
            var version = registry.Resolve("tones/1");
            var path = registry.PackagePath(version);
            var bytes = File.ReadAllBytes(path);
            bytes[^10] ^= 0xFF;
            File.WriteAllBytes(path, bytes);

            // When / Then
            Assert.That(Message(registry, Config("tones/1")), Is.EqualTo(
                $"train.base 'tones/1': the package of tones/1 ({path}) is corrupt: its sha256 is {ContentHash.Short(ContentHash.OfBytes(bytes))}, registered as {ContentHash.Short(version.PackageSha256)}; run the CLI's verify, and register it again or point train.base at another version."));
        }

        [Test]
        public void Should_Refuse_A_Package_Missing_From_The_Registry()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = Registry(temp);
            var path = registry.PackagePath(registry.Resolve("tones/1"));
            File.Delete(path);

            // When / Then
            Assert.That(Message(registry, Config("tones/1")), Is.EqualTo(
                $"train.base 'tones/1': the package of tones/1 ({path}) is missing from the registry; run the CLI's verify, and register it again or point train.base at another version."));
        }

        [Test]
        public void Should_Refuse_A_Base_With_Other_Feature_Settings_Naming_The_Setting()
        {
            using var temp = new TempDirectory();
            var registry = Registry(temp);

            Assert.That(Message(registry, Config("tones/1", features: new MfccOptions { NMfcc = 10 })), Is.EqualTo(
                "train.base 'tones/1': its features.nMfcc is 13, this config has 10; fine-tuning needs the same feature settings."));
        }

        [Test]
        public void Should_Refuse_A_Base_With_Another_Window_Naming_The_Setting()
        {
            using var temp = new TempDirectory();
            var registry = Registry(temp);

            Assert.That(Message(registry, Config("tones/1", features: new MfccOptions { Window = "hann" })), Is.EqualTo(
                "train.base 'tones/1': its features.window is hamming, this config has hann; fine-tuning needs the same feature settings."));
        }

        [Test]
        public void Should_Refuse_A_Base_Of_Another_Family()
        {
            using var temp = new TempDirectory();
            var registry = Registry(temp);

            Assert.That(Message(registry, Config("tones/1", family: "hmm")), Is.EqualTo(
                "train.base 'tones/1': its train.family is gaussian, this config has hmm; fine-tuning adapts the base's own models, so set train.family to gaussian (or remove train.base to train from scratch)."));
        }
    }
}
