using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

public sealed partial class ModelRegistryTests
{
    /// <summary>A registry holding tones/1..count (accuracy 0.70, 0.75, …) in a temporary directory.</summary>
    internal static ModelRegistry WithVersions(TempDirectory temp, int count, string model = "tones")
    {
        var registry = new ModelRegistry(temp.Combine("registry"));
        for (var i = 0; i < count; i++)
        {
            var files = RegistryPackages.Write(temp.Combine($"{model}-build{i}"), model, variant: i);
            registry.Register(files.Package, files.Manifest, model);
        }
        return registry;
    }

    public sealed class TheLocateMethod
    {
        [Test]
        public void Should_Prefer_The_Given_Directory_Then_Default_To_The_Repository()
        {
            using var temp = new TempDirectory();

            Assert.That(ModelRegistry.Locate(temp.Combine("shared"), "/repo").Folder, Is.EqualTo(temp.Combine("shared")));
            if (Environment.GetEnvironmentVariable(ModelRegistry.EnvironmentVariable) is null)
                Assert.That(ModelRegistry.Locate(null, temp.Path).Folder, Is.EqualTo(temp.Combine(".workflow/registry")));
        }
    }

    public sealed class TheResolveMethod
    {
        [Test]
        public void Should_Resolve_A_Number_An_Alias_And_The_Latest()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 3);
            registry.SetAlias("tones/2", "prod");

            Assert.That(registry.Resolve("tones/1").Version, Is.EqualTo(1));
            Assert.That(registry.Resolve("tones@prod").Version, Is.EqualTo(2));
            Assert.That(registry.Resolve("tones").Version, Is.EqualTo(3));
        }

        [Test]
        public void Should_List_The_Models_When_The_Name_Is_Unknown()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);

            var error = Assert.Throws<WorkflowException>(() => registry.Resolve("digits/1"));

            Assert.That(error!.Message, Is.EqualTo($"No model named 'digits' in the registry {registry.Root}; it holds: tones."));
        }

        [Test]
        public void Should_Say_The_Registry_Is_Empty()
        {
            using var temp = new TempDirectory();
            var registry = new ModelRegistry(temp.Combine("registry"));

            var error = Assert.Throws<WorkflowException>(() => registry.Resolve("tones"));

            Assert.That(error!.Message, Is.EqualTo(
                $"No model named 'tones' in the registry {registry.Root}; it is empty (register a package with ./build.sh --target=Register)."));
        }

        [Test]
        public void Should_List_The_Versions_When_The_Version_Is_Unknown()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);

            var error = Assert.Throws<WorkflowException>(() => registry.Resolve("tones/9"));

            Assert.That(error!.Message, Is.EqualTo("tones has no version 9; its versions are: 1, 2."));
        }

        [Test]
        public void Should_List_The_Aliases_When_The_Alias_Is_Unknown()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);
            registry.SetAlias("tones/1", "staging");

            var error = Assert.Throws<WorkflowException>(() => registry.Resolve("tones@prod"));

            Assert.That(error!.Message, Is.EqualTo("tones has no alias 'prod'; its aliases are: staging (→ 1)."));
        }

        [Test]
        public void Should_Say_How_To_Set_An_Alias_When_There_Are_None()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);

            var error = Assert.Throws<WorkflowException>(() => registry.Resolve("tones@prod"));

            Assert.That(error!.Message, Is.EqualTo("tones has no alias 'prod'; it has no aliases yet (set one with: alias set tones/<version> prod)."));
        }
    }

    public sealed class TheListMethod
    {
        [Test]
        public void Should_Filter_By_Tag_And_Alias()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 3);
            registry.Tag("tones/1", ["baseline"], []);
            registry.Tag("tones/3", ["baseline", "candidate"], []);
            registry.SetAlias("tones/2", "prod");

            // When
            var tagged = registry.List(new VersionFilter(Tag: "baseline"));
            var aliased = registry.List(new VersionFilter(Alias: "prod"));

            // Then
            Assert.That(tagged.Select(v => v.Version.Reference), Is.EqualTo(new[] { "tones/1", "tones/3" }));
            Assert.That(aliased.Select(v => v.Version.Reference), Is.EqualTo(new[] { "tones/2" }));
            Assert.That(aliased[0].Aliases, Is.EqualTo(new[] { "prod" }));
        }

        [Test]
        public void Should_Sort_By_A_Metric_Highest_First_Or_Ascending()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 3);

            var descending = registry.List(new VersionFilter(SortBy: "accuracy"));
            var ascending = registry.List(new VersionFilter(SortBy: "accuracy", Ascending: true));

            Assert.That(descending.Select(v => v.Version.Version), Is.EqualTo(new[] { 3, 2, 1 }));
            Assert.That(ascending.Select(v => v.Version.Version), Is.EqualTo(new[] { 1, 2, 3 }));
        }

        [Test]
        public void Should_List_The_Metrics_When_Sorting_By_An_Unknown_One()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);

            var error = Assert.Throws<WorkflowException>(() => registry.List(new VersionFilter(SortBy: "loss")));

            Assert.That(error!.Message, Is.EqualTo("Cannot sort by 'loss': no listed version has that metric; metrics: accuracy, macroF1, testCount, trainCount."));
        }

        [Test]
        public void Should_Not_Open_Packages()
        {
            // Given: every blob removed, so any attempt to open one would fail
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);
            Directory.Delete(temp.Combine("registry/blobs"), recursive: true);

            // When
            var views = registry.List(new VersionFilter("tones"));

            // Then
            Assert.That(views, Has.Count.EqualTo(2));
        }
    }

    public sealed class TheCompareMethod
    {
        [Test]
        public void Should_Mark_The_Metrics_And_Parameters_That_Differ()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);

            // When
            var comparison = registry.Compare(["tones/1", "tones/2"]);

            // Then
            var accuracy = comparison.Metrics.Single(m => m.Name == "accuracy");
            Assert.That((accuracy.Values, accuracy.Differs), Is.EqualTo((new[] { "0.7", "0.75" }, true)));
            Assert.That(comparison.Metrics.Single(m => m.Name == "trainCount").Differs, Is.False);
            Assert.That(comparison.Parameters.Where(p => p.Differs).Select(p => p.Name), Is.EqualTo(new[] { "train.varianceFloor" }));
            Assert.That(comparison.Parameters.Single(p => p.Name == "features.nMfcc").Values, Is.EqualTo(new[] { "13", "13" }));
        }

        [Test]
        public void Should_Need_Two_Versions()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);

            var error = Assert.Throws<WorkflowException>(() => registry.Compare(["tones/1"]));

            Assert.That(error!.Message, Is.EqualTo("compare needs at least two versions (got 1); e.g. compare spoken-digits/1 spoken-digits@prod."));
        }
    }

    public sealed class TheTagMethod
    {
        [Test]
        public void Should_Add_And_Remove_Tags_Sorted_Without_Duplicates()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);

            registry.Tag("tones/1", ["b", "a", "b"], []);
            var after = registry.Tag("tones", ["c"], ["b"]);

            Assert.That(after.Tags, Is.EqualTo(new[] { "a", "c" }));
            Assert.That(registry.Resolve("tones/1").Tags, Is.EqualTo(new[] { "a", "c" }));
        }

        [Test]
        public void Should_Refuse_An_Invalid_Tag()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);

            var error = Assert.Throws<WorkflowException>(() => registry.Tag("tones/1", ["no spaces"], []));

            Assert.That(error!.Message, Is.EqualTo("'no spaces' is not a valid tag; use 1–64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit."));
        }
    }

    public sealed class TheDescribeMethod
    {
        [Test]
        public void Should_Set_The_Description_And_Keep_Everything_Else()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);
            var before = registry.Resolve("tones/1");

            registry.Describe("tones/1", "first try");

            var after = registry.Resolve("tones/1");
            Assert.That(after.Description, Is.EqualTo("first try"));
            Assert.That((after.PackageSha256, after.Created, after.Lineage.ManifestSha256), Is.EqualTo((before.PackageSha256, before.Created, before.Lineage.ManifestSha256)));
        }
    }
}
