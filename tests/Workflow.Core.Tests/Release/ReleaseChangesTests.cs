using Newtonsoft.Json.Linq;
using Workflow.Data;
using Workflow.Registry;
using Workflow.Release;

namespace Workflow.Tests.Release;

/// <summary>What release notes compare: data listings per class, settings by path, and which version is the baseline.</summary>
public sealed class ReleaseChangesTests
{
    private static readonly SplitOptions Split = new();

    public sealed class TheDataChangesBetweenMethod
    {
        [Test]
        public void Should_List_Added_Removed_And_Modified_Recordings_Per_Class()
        {
            // Given
            var before = Listing(("0/0_a_1.wav", "1"), ("0/0_a_2.wav", "2"), ("1/1_a_1.wav", "3"), ("README.md", "9"));
            var now = Listing(("0/0_a_1.wav", "1"), ("0/0_a_3.wav", "4"), ("1/1_a_1.wav", "5"), ("2/2_a_1.wav", "6"));

            // When
            var changes = DataChanges.Between(before, now, Split);

            // Then
            Assert.That(changes.Select(c => (c.Class, c.Recordings, string.Join(",", c.Added), string.Join(",", c.Removed), string.Join(",", c.Modified))),
                Is.EqualTo(new[]
                {
                    ("0", 2, "0/0_a_3.wav", "0/0_a_2.wav", ""),
                    ("1", 1, "", "", "1/1_a_1.wav"),
                    ("2", 1, "2/2_a_1.wav", "", ""),
                }));
        }

        [Test]
        public void Should_Use_The_Train_And_Test_Folders_Class_In_A_Split_Layout()
        {
            var before = Listing(("train/7/a.wav", "1"), ("test/7/b.wav", "2"));
            var now = Listing(("train/7/a.wav", "1"), ("test/7/b.wav", "2"), ("test/7/c.wav", "3"));

            var changes = DataChanges.Between(before, now, Split);

            Assert.That(changes.Single().Class, Is.EqualTo("7"));
            Assert.That(changes.Single().Added, Is.EqualTo(new[] { "test/7/c.wav" }));
        }
    }

    public sealed class TheSettingChangesBetweenMethod
    {
        [Test]
        public void Should_Name_Each_Changed_Added_Or_Removed_Leaf_By_Its_Dotted_Path_In_Order()
        {
            var before = JObject.Parse("""{"train": {"seed": 42, "hmm": {"states": 6}}, "features": {"cmvn": true, "bands": [1, 2]}}""");
            var now = JObject.Parse("""{"train": {"seed": 42, "hmm": {"states": 8, "mixtures": 3}}, "features": {"cmvn": false, "bands": [1, 3]}}""");

            var changes = SettingChanges.Between(before, now);

            Assert.That(changes, Is.EqualTo(new[]
            {
                new ValueChange("features.bands", "[1,2]", "[1,3]"),
                new ValueChange("features.cmvn", "true", "false"),
                new ValueChange("train.hmm.mixtures", null, "3"),
                new ValueChange("train.hmm.states", "6", "8"),
            }));
        }

        [Test]
        public void Should_Print_Numbers_In_The_Invariant_Culture()
        {
            var culture = Thread.CurrentThread.CurrentCulture;
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            try
            {
                Assert.That(SettingChanges.Flatten(JObject.Parse("""{"floor": 0.7}"""))["floor"], Is.EqualTo("0.7"));
            }
            finally
            {
                Thread.CurrentThread.CurrentCulture = culture;
            }
        }
    }

    public sealed class TheReleaseBaselineChooseMethod
    {
        [Test]
        public void Should_Take_The_Version_Prod_Points_At()
        {
            var entry = Entry(prod: 1, versions: [1, 2, 3]);

            Assert.That(ReleaseBaseline.Choose(entry, 3), Is.EqualTo((entry.Find(1), "the version the alias 'prod' points at")));
        }

        [Test]
        public void Should_Take_The_Previous_Version_When_Prod_Points_At_This_One()
        {
            var entry = Entry(prod: 3, versions: [1, 2, 3]);

            Assert.That(ReleaseBaseline.Choose(entry, 3), Is.EqualTo((entry.Find(2), "the previous version (the alias 'prod' points at this one)")));
        }

        [Test]
        public void Should_Take_The_Previous_Version_Without_Prod_And_None_For_The_First()
        {
            var entry = Entry(prod: null, versions: [1, 4]);

            Assert.That(ReleaseBaseline.Choose(entry, 4)?.Version, Is.EqualTo(entry.Find(1)));
            Assert.That(ReleaseBaseline.Choose(entry, 1), Is.Null);
        }

        private static ModelEntry Entry(int? prod, int[] versions)
        {
            var entry = versions.Aggregate(ModelEntry.Empty, (e, v) => e.WithVersion(new ModelVersion(
                "m", v, DateTimeOffset.UnixEpoch, "test", new string((char)('a' + v), 64), 1, ["0"],
                new VersionLineage("", "", "", "", "", false, new Dictionary<string, string>()), new Dictionary<string, double>(), [], [], "")));
            return prod is { } p ? entry.WithAlias("prod", p) : entry;
        }
    }

    private static DirListing Listing(params (string Path, string Md5)[] files) =>
        DirListing.Create(files.Select(f => new DirEntry(f.Path, f.Md5.PadLeft(32, '0'))), "test");
}
