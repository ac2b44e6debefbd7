using Workflow.Cache;
using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

public sealed partial class ModelRegistryTests
{
    public sealed class TheRegisterMethod
    {
        [Test]
        public void Should_Number_New_Packages_1_2_3_And_Record_Metrics_Parameters_And_Lineage()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = new ModelRegistry(temp.Combine("registry"));
            var first = RegistryPackages.Write(temp.Combine("v0"), variant: 0);
            var second = RegistryPackages.Write(temp.Combine("v1"), variant: 1);

            // When
            var one = registry.Register(first.Package, first.Manifest, "tones");
            var two = registry.Register(second.Package, second.Manifest, "tones");

            // Then
            Assert.That((one.Version, one.IsNew, two.Version, two.IsNew), Is.EqualTo((1, true, 2, true)));
            var version = registry.Resolve("tones/2");
            Assert.That(version.PackageSha256, Is.EqualTo(ContentHash.OfFile(second.Package)));
            Assert.That(version.Metrics["accuracy"], Is.EqualTo(0.75).Within(1e-12));
            Assert.That(version.Parameters.SelectToken("train.varianceFloor")!.ToString(), Is.EqualTo("0.002"));
            Assert.That(version.Classes, Is.EqualTo(new[] { "high", "low", "mid" }));
            Assert.That(version.Lineage.ManifestSha256, Is.EqualTo(ContentHash.OfFile(second.Manifest)));
            Assert.That(version.Lineage.DataHash, Is.EqualTo("0123456789abcdef0123456789abcdef.dir"));
            Assert.That(version.Lineage.GitCommit, Is.EqualTo("0123456789abcdef0123456789abcdef01234567"));
            Assert.That(version.CreatedBy, Is.EqualTo(Environment.UserName));
            Assert.That(File.Exists(registry.PackagePath(version)), Is.True);
        }

        [Test]
        public void Should_Return_The_Existing_Version_For_Identical_Package_Bytes()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = new ModelRegistry(temp.Combine("registry"));
            var files = RegistryPackages.Write(temp.Combine("build"));
            registry.Register(files.Package, files.Manifest, "tones");
            var copy = temp.Combine("elsewhere/tones.zip");
            Directory.CreateDirectory(temp.Combine("elsewhere"));
            File.Copy(files.Package, copy);

            // When
            var again = registry.Register(copy, files.Manifest, "tones");

            // Then
            Assert.That((again.Version, again.IsNew), Is.EqualTo((1, false)));
            Assert.That(registry.ReadIndex().EntryOf("tones").Versions, Has.Count.EqualTo(1));
            Assert.That(again.Message, Does.StartWith("tones/1 already holds these exact package bytes (sha256 "));
        }

        [Test]
        public void Should_Refuse_A_Package_Of_Another_Model()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = new ModelRegistry(temp.Combine("registry"));
            var files = RegistryPackages.Write(temp.Combine("build"));

            // When
            var error = Assert.Throws<WorkflowException>(() => registry.Register(files.Package, files.Manifest, "digits"));

            // Then
            Assert.That(error!.Message, Is.EqualTo(
                $"{files.Package} is a package of model 'tones', not 'digits'; register it as 'tones' or rebuild it with model.name \"digits\"."));
        }

        [Test]
        public void Should_Refuse_A_Manifest_That_Does_Not_List_The_Package()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = new ModelRegistry(temp.Combine("registry"));
            var current = RegistryPackages.Write(temp.Combine("current"), variant: 0);
            var stale = RegistryPackages.Write(temp.Combine("stale"), variant: 1);

            // When
            var error = Assert.Throws<WorkflowException>(() => registry.Register(current.Package, stale.Manifest, "tones"));

            // Then
            Assert.That(error!.Message, Is.EqualTo(
                $"{stale.Manifest} does not list a package with sha256 {ContentHash.Short(ContentHash.OfFile(current.Package))}, so it describes another build; run ./build.sh --target=WriteManifest so the manifest and the package come from the same build."));
            Assert.That(Directory.Exists(temp.Combine("registry/blobs")), Is.False);
        }

        [Test]
        public void Should_Name_A_Missing_Package_And_How_To_Build_It()
        {
            using var temp = new TempDirectory();
            var registry = new ModelRegistry(temp.Combine("registry"));

            var error = Assert.Throws<WorkflowException>(() => registry.Register(temp.Combine("none.zip"), temp.Combine("manifest.json"), "tones"));

            Assert.That(error!.Message, Is.EqualTo($"{temp.Combine("none.zip")} does not exist; build it with ./build.sh --target=Package."));
        }

        [Test]
        public void Should_Give_Concurrent_Registrations_Distinct_Versions()
        {
            // Given: four different packages registered from four threads at once (separate lock handles, as separate processes have)
            using var temp = new TempDirectory();
            var root = temp.Combine("registry");
            var files = Enumerable.Range(0, 4).Select(i => RegistryPackages.Write(temp.Combine($"v{i}"), variant: i)).ToList();

            // When
            var versions = files.AsParallel().WithDegreeOfParallelism(4)
                .Select(f => new ModelRegistry(root).Register(f.Package, f.Manifest, "tones").Version)
                .ToList();

            // Then
            Assert.That(versions.Order(), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            Assert.That(new ModelRegistry(root).ReadIndex().EntryOf("tones").Versions.Select(v => v.Version).Order(), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        }
    }
}
