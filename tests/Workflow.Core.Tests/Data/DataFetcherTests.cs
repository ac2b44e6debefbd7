using Workflow.Data;
using Workflow.Tests.Fixtures;
using static Workflow.Tests.Fixtures.DataWorkspace;

namespace Workflow.Tests.Data;

public sealed class DataFetcherTests
{
    private static DataWorkspace Pushed()
    {
        var origin = new DataWorkspace();
        DataTracker.Commit(origin.Dvc);
        DataPusher.Push(origin.Dvc);
        return origin;
    }

    public sealed class TheFetchMethod
    {
        [Test]
        public void Should_Pull_Into_The_Cache_And_Restore_Data_On_A_Fresh_Clone()
        {
            // Given
            using var origin = Pushed();
            using var clone = origin.Clone();

            // When
            var result = DataFetcher.Fetch(clone.Dvc);

            // Then
            Assert.That((result.RemoteName, result.Downloaded, result.Checkout.Fetched), Is.EqualTo(("origin", 3, new[] { "bar", "foo" })));
            Assert.That((clone.Read("data/foo"), clone.Read("data/bar")), Is.EqualTo(("foo", "bar")));
            Assert.That(new[] { FooMd5, BarMd5, FooBarDir }.Select(clone.Cache.Verify), Is.All.EqualTo(ObjectStatus.Present));
            Assert.That(DataStatus.Check(clone.Dvc, checkRemote: false).IsClean, Is.True);
        }

        [Test]
        public void Should_Restore_From_The_Cache_Without_The_Remote_And_Keep_User_Changes()
        {
            // Given: fetched once, then the remote vanished, one file deleted, one changed, one added
            using var origin = Pushed();
            using var clone = origin.Clone();
            DataFetcher.Fetch(clone.Dvc);
            Directory.Delete(origin.Remote, recursive: true);
            File.Delete(clone.Combine("data/bar"));
            clone.WriteData("foo", "mine");
            clone.WriteData("extra", "mine too");

            // When
            var result = DataFetcher.Fetch(clone.Dvc);

            // Then
            Assert.That((result.RemoteName, result.Downloaded), Is.EqualTo(((string?)null, 0)));
            Assert.That((result.Checkout.Fetched, result.Checkout.ModifiedByUser, result.Checkout.Extra),
                Is.EqualTo((new[] { "bar" }, new[] { "foo" }, new[] { "extra" })));
            Assert.That((clone.Read("data/foo"), clone.Read("data/extra")), Is.EqualTo(("mine", "mine too")));
        }

        [Test]
        public void Should_Refuse_A_Corrupt_Remote_Object_And_Write_Nothing()
        {
            // Given
            using var origin = Pushed();
            File.WriteAllText(new ObjectDirectory(origin.Remote).PathFor(FooMd5), "tampered");
            using var clone = origin.Clone();

            // When
            var error = Assert.Throws<WorkflowException>(() => DataFetcher.Fetch(clone.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The remote 'origin' ({origin.Remote}) holds a corrupt object {FooMd5} for data/foo: its bytes hash to "
                + $"{Md5.OfBytes("tampered"u8)}. It was not used; delete it from the remote and run PushData from a "
                + "machine that has the data."));
            Assert.That(clone.Files("data"), Is.Empty);
            Assert.That(File.Exists(clone.Cache.PathFor(FooMd5)), Is.False);
            Assert.That(clone.Files(".dvc/cache").Where(f => f.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty);
        }

        [Test]
        public void Should_Name_The_Objects_The_Remote_Lacks_And_Write_Nothing()
        {
            // Given
            using var origin = Pushed();
            File.Delete(new ObjectDirectory(origin.Remote).PathFor(BarMd5));
            using var clone = origin.Clone();

            // When
            var error = Assert.Throws<WorkflowException>(() => DataFetcher.Fetch(clone.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The remote 'origin' ({origin.Remote}) lacks 1 object(s) data.dvc needs: {BarMd5} (data/bar); run "
                + "PushData from a machine that has them. Nothing in data/ was changed."));
            Assert.That(clone.Files("data"), Is.Empty);
        }

        [Test]
        public void Should_Refuse_A_Listing_That_Escapes_The_Workspace()
        {
            // Given: a hostile remote whose listing is self-consistent but points outside data/
            using var clone = new DataWorkspace(withData: false);
            var json = $"[{{\"md5\": \"{FooMd5}\", \"relpath\": \"../x\"}}]";
            var md5 = Md5.OfBytes(System.Text.Encoding.ASCII.GetBytes(json)) + ".dir";
            File.WriteAllText(clone.Combine("data.dvc"), $"outs:\n- md5: {md5}\n  path: data\n");
            var remote = new ObjectDirectory(clone.Remote);
            Directory.CreateDirectory(Path.GetDirectoryName(remote.PathFor(md5))!);
            File.WriteAllText(remote.PathFor(md5), json);

            // When
            var error = Assert.Throws<WorkflowException>(() => DataFetcher.Fetch(clone.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The listing {md5} of data/ in {clone.Combine(".dvc/cache")} contains the unsafe relpath '../x' (it has a "
                + "'..' segment); Workflow refuses it because it could write outside the data directory. Rename or "
                + "remove that entry, or re-create the listing with TrackData from a trusted copy of the data."));
            Assert.That(File.Exists(clone.Combine("x")), Is.False);
        }
    }

    public sealed class ThePlanMethod
    {
        [Test]
        public void Should_List_Missing_Files_Without_Writing_Anything()
        {
            // Given
            using var origin = Pushed();
            using var clone = origin.Clone();

            // When
            var plan = DataFetcher.Plan(clone.Dvc);

            // Then
            Assert.That((plan.Listed, plan.Missing), Is.EqualTo((new[] { "bar", "foo" }, new[] { "bar", "foo" })));
            Assert.That(Directory.Exists(clone.Combine(".dvc/cache")), Is.False);
        }
    }
}
