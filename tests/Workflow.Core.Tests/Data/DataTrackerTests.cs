using System.Text;
using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

public sealed class DataTrackerTests
{
    public sealed class TheTrackMethod
    {
        [Test]
        public void Should_Produce_Dvcs_Out_For_The_Foo_Bar_Vector()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("data/foo", "foo");
            temp.Write("data/bar", "bar");
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            var @out = DataTracker.Track(temp.Combine("data"), objects);

            // Then
            Assert.That(@out, Is.EqualTo(DvcFileTests.FooBarOut));
            Assert.That(DvcFile.Format(@out), Is.EqualTo(DvcFileTests.FooBarText));
        }

        [Test]
        public void Should_Store_Every_File_And_The_Exact_Listing_Bytes()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("data/foo", "foo");
            temp.Write("data/bar", "bar");
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            DataTracker.Track(temp.Combine("data"), objects);

            // Then
            Assert.That(temp.Files(), Is.EqualTo(new[]
            {
                "data/bar",
                "data/foo",
                "remote/files/md5/37/b51d194a7513e45b56f6524f2d51f2",
                "remote/files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir",
                "remote/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8",
            }));
            var listing = File.ReadAllBytes(temp.Combine("remote/files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir"));
            Assert.That(Encoding.ASCII.GetString(listing), Is.EqualTo(DirListingTests.FooBarJson));
        }

        [Test]
        public void Should_Hash_Nested_Directories_With_Posix_RelPaths_As_Python_Does()
        {
            // Given: expected listing and hash computed with python3 json.dumps(sort_keys=True) + hashlib.md5
            using var temp = new TempDirectory();
            temp.Write("data/a/b/c.txt", "c");
            temp.Write("data/a/d.txt", "d");
            temp.Write("data/e.txt", "e");
            temp.Write("data/a-b.txt", "x");
            temp.Write("data/caf\u00e9/\U0001F600.txt", "smile");
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            var @out = DataTracker.Track(temp.Combine("data"), objects, "my-data");

            // Then
            Assert.That(@out, Is.EqualTo(new DvcOut("0ecdbbcf8fd123a21c3b6ff856c8c9b7.dir", 9, 5, "my-data")));
            var listing = File.ReadAllText(objects.PathFor(@out.Md5));
            Assert.That(listing, Is.EqualTo(
                "[{\"md5\": \"9dd4e461268c8034f5c8564e155c67a6\", \"relpath\": \"a-b.txt\"}, "
                + "{\"md5\": \"4a8a08f09d37b73795649038408b5f33\", \"relpath\": \"a/b/c.txt\"}, "
                + "{\"md5\": \"8277e0910d750195b448797616e091ad\", \"relpath\": \"a/d.txt\"}, "
                + "{\"md5\": \"3ddaeb82fbba964fb3461d4e4f1342eb\", \"relpath\": \"caf\\u00e9/\\ud83d\\ude00.txt\"}, "
                + "{\"md5\": \"e1671797c52e15f763380b45e841ec32\", \"relpath\": \"e.txt\"}]"));
        }

        [Test]
        public void Should_Give_Dvcs_Hash_For_An_Empty_Directory()
        {
            // Given
            using var temp = new TempDirectory();
            Directory.CreateDirectory(temp.Combine("data/empty-folder"));
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            var @out = DataTracker.Track(temp.Combine("data"), objects);

            // Then
            Assert.That(@out, Is.EqualTo(new DvcOut("d751713988987e9331980363e24189ce.dir", 0, 0, "data")));
        }

        [Test]
        public void Should_Be_Idempotent()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("data/foo", "foo");
            var objects = new ObjectDirectory(temp.Combine("remote"));
            var first = DataTracker.Track(temp.Combine("data"), objects);

            // When
            var second = DataTracker.Track(temp.Combine("data"), objects);

            // Then
            Assert.That(second, Is.EqualTo(first));
            Assert.That(temp.Files(), Has.Count.EqualTo(3));
        }

        [Test]
        public void Should_Throw_When_A_File_Name_Has_A_Backslash()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("data/foo", "foo");
            File.WriteAllText(Path.Combine(temp.Combine("data"), "win\\name.wav"), "x");
            var objects = new ObjectDirectory(temp.Combine("remote"));
            var data = temp.Combine("data");

            // When
            var error = Assert.Throws<WorkflowException>(() => DataTracker.Track(data, objects));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{data} contains the unsafe relpath 'win\\name.wav' (it contains a backslash); Workflow refuses it "
                + "because it could write outside the data directory. Rename or remove that entry, or re-create the "
                + "listing with TrackData from a trusted copy of the data."));
        }

        [Test]
        public void Should_Throw_When_The_Directory_Does_Not_Exist()
        {
            // Given
            using var temp = new TempDirectory();
            var data = temp.Combine("data");

            // When
            var error = Assert.Throws<WorkflowException>(
                () => DataTracker.Track(data, new ObjectDirectory(temp.Combine("remote"))));

            // Then
            Assert.That(error.Message, Is.EqualTo($"{data} does not exist; put the data there before tracking it."));
        }
    }
}
