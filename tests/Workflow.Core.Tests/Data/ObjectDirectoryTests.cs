using System.Text;
using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

public sealed class ObjectDirectoryTests
{
    private const string FooMd5 = "acbd18db4cc2f85cedef654fccc4a4d8";

    public sealed class ThePathForMethod
    {
        [Test]
        public void Should_Use_The_Dvc_3_Layout()
        {
            // Given
            using var temp = new TempDirectory();
            var objects = new ObjectDirectory(temp.Path);

            // When
            var path = objects.PathFor(FooMd5);

            // Then
            Assert.That(path, Is.EqualTo(temp.Combine("files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8")));
        }

        [Test]
        public void Should_Keep_The_Dir_Suffix()
        {
            // Given
            using var temp = new TempDirectory();
            var objects = new ObjectDirectory(temp.Path);

            // When
            var path = objects.PathFor("5ea40360f5b4ec688df672a4db9c17d1.dir");

            // Then
            Assert.That(path, Is.EqualTo(temp.Combine("files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir")));
        }

        [Test]
        public void Should_Throw_When_The_Name_Is_Not_An_Md5()
        {
            // Given
            var objects = new ObjectDirectory("remote");

            // When
            var error = Assert.Throws<ArgumentException>(() => objects.PathFor("../../x"));

            // Then
            Assert.That(error.Message, Does.StartWith("'../../x' is not an MD5 (32 lowercase hex digits, optionally '.dir')."));
        }
    }

    public sealed class TheAddMethod
    {
        [Test]
        public void Should_Store_A_File_Under_Its_Md5_And_Leave_No_Temp_File()
        {
            // Given
            using var temp = new TempDirectory();
            var source = temp.Write("work/foo", "foo");
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            var md5 = objects.Add(source);

            // Then
            Assert.That(md5, Is.EqualTo(FooMd5));
            Assert.That(File.ReadAllText(objects.PathFor(md5)), Is.EqualTo("foo"));
            Assert.That(temp.Files(), Is.EqualTo(new[] { "remote/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "work/foo" }));
        }

        [Test]
        public void Should_Replace_A_Corrupt_Object()
        {
            // Given
            using var temp = new TempDirectory();
            var source = temp.Write("work/foo", "foo");
            var objects = new ObjectDirectory(temp.Combine("remote"));
            temp.Write("remote/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "bit rot");

            // When
            objects.Add(source);

            // Then
            Assert.That(objects.Verify(FooMd5), Is.EqualTo(ObjectStatus.Present));
        }

        [Test]
        public void Should_Store_A_Listing_Under_Its_Dir_Name()
        {
            // Given
            using var temp = new TempDirectory();
            var objects = new ObjectDirectory(temp.Path);
            var listing = DirListing.Create([DirListingTests.Foo, DirListingTests.Bar], "data/");

            // When
            objects.Add(listing);

            // Then
            var stored = File.ReadAllText(temp.Combine("files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir"));
            Assert.That(stored, Is.EqualTo(DirListingTests.FooBarJson));
            Assert.That(objects.Verify(listing.Md5), Is.EqualTo(ObjectStatus.Present));
        }
    }

    public sealed class TheVerifyMethod
    {
        [Test]
        public void Should_Report_Missing_Present_And_Corrupt_Objects()
        {
            // Given
            using var temp = new TempDirectory();
            var objects = new ObjectDirectory(temp.Path);
            temp.Write("files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "foo");
            temp.Write("files/md5/37/b51d194a7513e45b56f6524f2d51f2", "not bar");

            // When
            var statuses = new[] { FooMd5, "37b51d194a7513e45b56f6524f2d51f2", "d41d8cd98f00b204e9800998ecf8427e" }
                .Select(objects.Verify);

            // Then
            Assert.That(statuses, Is.EqualTo(new[] { ObjectStatus.Present, ObjectStatus.Corrupt, ObjectStatus.Missing }));
        }
    }

    public sealed class TheOpenReadMethod
    {
        [Test]
        public void Should_Read_An_Intact_Object()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "foo");
            var objects = new ObjectDirectory(temp.Path);

            // When
            using var reader = new StreamReader(objects.OpenRead(FooMd5));
            var text = reader.ReadToEnd();

            // Then
            Assert.That(text, Is.EqualTo("foo"));
        }

        [Test]
        public void Should_Throw_At_The_End_Of_A_Corrupt_Object()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "bar");
            var objects = new ObjectDirectory(temp.Path);

            // When
            using var stream = objects.OpenRead(FooMd5);
            var error = Assert.Throws<WorkflowException>(() => stream.CopyTo(Stream.Null));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"Object {FooMd5} in {temp.Path} is corrupt: its bytes hash to 37b51d194a7513e45b56f6524f2d51f2, and an "
                + $"object whose bytes do not match its name is never used. Delete {path} and push the data again from "
                + "a machine that has it."));
        }

        [Test]
        public void Should_Throw_When_The_Object_Is_Missing()
        {
            // Given
            using var temp = new TempDirectory();
            var objects = new ObjectDirectory(temp.Path);

            // When
            var error = Assert.Throws<WorkflowException>(() => objects.OpenRead(FooMd5).Dispose());

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"Object {FooMd5} is not in {temp.Path}; push the data again from a machine that has it."));
        }
    }

    public sealed class TheTryReadAllBytesMethod
    {
        [Test]
        public void Should_Return_Corrupt_And_No_Bytes_When_The_Bytes_Do_Not_Match()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir", "[]");
            var objects = new ObjectDirectory(temp.Path);

            // When
            var status = objects.TryReadAllBytes("5ea40360f5b4ec688df672a4db9c17d1.dir", out var bytes);

            // Then
            Assert.That(status, Is.EqualTo(ObjectStatus.Corrupt));
            Assert.That(bytes, Is.Empty);
        }

        [Test]
        public void Should_Return_The_Bytes_Of_An_Intact_Listing()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir", DirListingTests.FooBarJson);
            var objects = new ObjectDirectory(temp.Path);

            // When
            var status = objects.TryReadAllBytes("5ea40360f5b4ec688df672a4db9c17d1.dir", out var bytes);

            // Then
            Assert.That(status, Is.EqualTo(ObjectStatus.Present));
            Assert.That(Encoding.ASCII.GetString(bytes), Is.EqualTo(DirListingTests.FooBarJson));
        }
    }

    public sealed class TheTryCopyToMethod
    {
        [Test]
        public void Should_Copy_An_Intact_Object()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("remote/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "foo");
            Directory.CreateDirectory(temp.Combine("data"));
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            var status = objects.TryCopyTo(FooMd5, temp.Combine("data/foo"));

            // Then
            Assert.That(status, Is.EqualTo(ObjectStatus.Present));
            Assert.That(File.ReadAllText(temp.Combine("data/foo")), Is.EqualTo("foo"));
        }

        [Test]
        public void Should_Leave_Nothing_Behind_When_The_Object_Is_Corrupt()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("remote/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "bar");
            Directory.CreateDirectory(temp.Combine("data"));
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            var status = objects.TryCopyTo(FooMd5, temp.Combine("data/foo"));

            // Then
            Assert.That(status, Is.EqualTo(ObjectStatus.Corrupt));
            Assert.That(Directory.EnumerateFileSystemEntries(temp.Combine("data")), Is.Empty);
        }

        [Test]
        public void Should_Never_Overwrite_An_Existing_File()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("remote/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8", "foo");
            temp.Write("data/foo", "mine");
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            Assert.Throws<IOException>(() => objects.TryCopyTo(FooMd5, temp.Combine("data/foo")));

            // Then
            Assert.That(File.ReadAllText(temp.Combine("data/foo")), Is.EqualTo("mine"));
            Assert.That(temp.Files(), Is.EqualTo(new[] { "data/foo", "remote/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8" }));
        }

        [Test]
        public void Should_Return_Missing_When_There_Is_No_Object()
        {
            // Given
            using var temp = new TempDirectory();
            var objects = new ObjectDirectory(temp.Combine("remote"));

            // When
            var status = objects.TryCopyTo(FooMd5, temp.Combine("foo"));

            // Then
            Assert.That(status, Is.EqualTo(ObjectStatus.Missing));
            Assert.That(File.Exists(temp.Combine("foo")), Is.False);
        }
    }
}
