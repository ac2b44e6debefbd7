using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

public sealed class DataCheckoutTests
{
    private const string FooMd5 = "acbd18db4cc2f85cedef654fccc4a4d8";
    private const string Fix = "run PushData from a machine that has it, or check the remote's url in .dvc/config.";

    /// <summary>A remote holding data/ = { foo, sub/bar }, and the out that records it.</summary>
    private static (ObjectDirectory Remote, DvcOut Out) Remote(TempDirectory temp)
    {
        temp.Write("source/foo", "foo");
        temp.Write("source/sub/bar", "bar");
        var remote = new ObjectDirectory(temp.Combine("remote"));
        var @out = DataTracker.Track(temp.Combine("source"), remote);
        Directory.Delete(temp.Combine("source"), recursive: true);
        return (remote, @out);
    }

    public sealed class TheCheckoutMethod
    {
        [Test]
        public void Should_Fetch_Everything_Into_An_Empty_Workspace_And_Leave_No_Temp_Files()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);

            // When
            var result = DataCheckout.Checkout(@out, temp.Combine("data"), remote);

            // Then
            Assert.That(result.Fetched, Is.EqualTo(new[] { "foo", "sub/bar" }));
            Assert.That((result.PresentCount, result.ModifiedByUserCount, result.ExtraCount), Is.EqualTo((0, 0, 0)));
            Assert.That(File.ReadAllText(temp.Combine("data/sub/bar")), Is.EqualTo("bar"));
            Assert.That(temp.Files().Where(f => f.StartsWith("data/", StringComparison.Ordinal)),
                Is.EqualTo(new[] { "data/foo", "data/sub/bar" }));
        }

        [Test]
        public void Should_Fetch_Only_Missing_Files()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);
            temp.Write("data/foo", "foo");

            // When
            var result = DataCheckout.Checkout(@out, temp.Combine("data"), remote);

            // Then
            Assert.That(result.Present, Is.EqualTo(new[] { "foo" }));
            Assert.That(result.Fetched, Is.EqualTo(new[] { "sub/bar" }));
        }

        [Test]
        public void Should_Never_Overwrite_Or_Delete_User_Files()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);
            temp.Write("data/foo", "my edit");
            temp.Write("data/notes.txt", "mine");

            // When
            var result = DataCheckout.Checkout(@out, temp.Combine("data"), remote);

            // Then
            Assert.That(result.ModifiedByUser, Is.EqualTo(new[] { "foo" }));
            Assert.That(result.Extra, Is.EqualTo(new[] { "notes.txt" }));
            Assert.That(result.Fetched, Is.EqualTo(new[] { "sub/bar" }));
            Assert.That(File.ReadAllText(temp.Combine("data/foo")), Is.EqualTo("my edit"));
            Assert.That(File.ReadAllText(temp.Combine("data/notes.txt")), Is.EqualTo("mine"));
        }

        [Test]
        public void Should_Report_Everything_Present_On_A_Second_Run()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);
            DataCheckout.Checkout(@out, temp.Combine("data"), remote);

            // When
            var result = DataCheckout.Checkout(@out, temp.Combine("data"), remote);

            // Then
            Assert.That(result.Present, Is.EqualTo(new[] { "foo", "sub/bar" }));
            Assert.That((result.FetchedCount, result.ModifiedByUserCount, result.ExtraCount), Is.EqualTo((0, 0, 0)));
        }

        [Test]
        public void Should_Throw_Naming_Md5_RelPath_And_Remote_When_An_Object_Is_Missing()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);
            File.Delete(remote.PathFor(FooMd5));

            // When
            var error = Assert.Throws<WorkflowException>(() => DataCheckout.Checkout(@out, temp.Combine("data"), remote));

            // Then
            Assert.That(error.Message, Is.EqualTo($"The remote {remote.Root} has no object {FooMd5} for data/foo; {Fix}"));
            Assert.That(temp.Files().Where(f => f.StartsWith("data/", StringComparison.Ordinal)), Is.Empty);
        }

        [Test]
        public void Should_Throw_When_An_Object_Is_Corrupt_And_Not_Write_It()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);
            File.WriteAllText(remote.PathFor(FooMd5), "tampered");

            // When
            var error = Assert.Throws<WorkflowException>(() => DataCheckout.Checkout(@out, temp.Combine("data"), remote));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The remote {remote.Root} holds a corrupt object {FooMd5} for data/foo (its bytes do not match its "
                + $"name); delete {remote.PathFor(FooMd5)} and {Fix}"));
            Assert.That(File.Exists(temp.Combine("data/foo")), Is.False);
            Assert.That(temp.Files().Where(f => f.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty);
        }

        [Test]
        public void Should_Throw_When_The_Listing_Is_Missing()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);
            File.Delete(remote.PathFor(@out.Md5));

            // When
            var error = Assert.Throws<WorkflowException>(() => DataCheckout.Checkout(@out, temp.Combine("data"), remote));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The remote {remote.Root} has no object {@out.Md5} (the listing of data/); {Fix}"));
        }

        [Test]
        public void Should_Throw_When_The_Listing_Is_Corrupt()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);
            File.WriteAllText(remote.PathFor(@out.Md5), "[]");

            // When
            var error = Assert.Throws<WorkflowException>(() => DataCheckout.Checkout(@out, temp.Combine("data"), remote));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The remote {remote.Root} holds a corrupt object {@out.Md5} (the listing of data/; its bytes do not "
                + $"match its name); delete {remote.PathFor(@out.Md5)} and {Fix}"));
        }

        [Test]
        public void Should_Refuse_A_Listing_That_Escapes_The_Data_Directory()
        {
            // Given: a hostile remote whose listing is self-consistent but points outside data/
            using var temp = new TempDirectory();
            temp.Write("remote/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "foo");
            var json = "[{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"../escaped\"}]";
            var md5 = Md5.OfBytes(System.Text.Encoding.ASCII.GetBytes(json)) + ".dir";
            var remote = new ObjectDirectory(temp.Combine("remote"));
            temp.Write($"remote/files/md5/{md5[..2]}/{md5[2..]}", json);

            // When
            var error = Assert.Throws<WorkflowException>(
                () => DataCheckout.Checkout(new DvcOut(md5, null, null, "data"), temp.Combine("data"), remote));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The listing {md5} of data/ in {remote.Root} contains the unsafe relpath '../escaped' (it has a '..' "
                + "segment); Workflow refuses it because it could write outside the data directory. Rename or remove "
                + "that entry, or re-create the listing with TrackData from a trusted copy of the data."));
            Assert.That(File.Exists(temp.Combine("escaped")), Is.False);
        }

        [Test]
        public void Should_Throw_When_The_Out_Is_A_File()
        {
            // Given
            using var temp = new TempDirectory();
            var remote = new ObjectDirectory(temp.Combine("remote"));

            // When
            var error = Assert.Throws<WorkflowException>(
                () => DataCheckout.Checkout(new DvcOut(FooMd5, 3, null, "data"), temp.Combine("data"), remote));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"data.dvc records data with md5 {FooMd5}, which is a file, not a directory (.dir); re-create data.dvc "
                + "with TrackData."));
        }

        [Test]
        public void Should_Count_A_Folder_In_Place_Of_A_File_As_Modified()
        {
            // Given
            using var temp = new TempDirectory();
            var (remote, @out) = Remote(temp);
            temp.Write("data/foo/inside.txt", "mine");

            // When
            var result = DataCheckout.Checkout(@out, temp.Combine("data"), remote);

            // Then
            Assert.That(result.ModifiedByUser, Is.EqualTo(new[] { "foo" }));
            Assert.That(result.Extra, Is.EqualTo(new[] { "foo/inside.txt" }));
            Assert.That(File.ReadAllText(temp.Combine("data/foo/inside.txt")), Is.EqualTo("mine"));
        }
    }
}
