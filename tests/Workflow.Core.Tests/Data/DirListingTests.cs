using System.Text;
using Workflow.Data;

namespace Workflow.Tests.Data;

public sealed class DirListingTests
{
    internal const string FooBarJson =
        "[{\"md5\": \"37b51d194a7513e45b56f6524f2d51f2\", \"relpath\": \"bar\"}, "
        + "{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}]";

    internal static readonly DirEntry Foo = new("foo", "acbd18db4cc2f85cedef654fccc4a4d8");
    internal static readonly DirEntry Bar = new("bar", "37b51d194a7513e45b56f6524f2d51f2");

    public sealed class TheCreateMethod
    {
        [Test]
        public void Should_Sort_Entries_By_RelPath()
        {
            // Given
            var entries = new[] { Foo, Bar };

            // When
            var listing = DirListing.Create(entries, "data/");

            // Then
            Assert.That(listing.Entries, Is.EqualTo(new[] { Bar, Foo }));
        }

        [Test]
        public void Should_Sort_By_Code_Point_As_Python_Does()
        {
            // Given: UTF-16 order would put the surrogate pair of U+1F600 before U+FFFF
            var emoji = new DirEntry("\U0001F600", Foo.Md5);
            var last = new DirEntry("\uFFFF", Foo.Md5);
            var slash = new DirEntry("a/b", Foo.Md5);
            var dash = new DirEntry("a-b", Foo.Md5);

            // When
            var listing = DirListing.Create([emoji, last, slash, dash], "data/");

            // Then
            Assert.That(listing.Entries, Is.EqualTo(new[] { dash, slash, last, emoji }));
        }

        [TestCase("../escape", "it has a '..' segment")]
        [TestCase("a/../../escape", "it has a '..' segment")]
        [TestCase("a/./b", "it has a '.' segment")]
        [TestCase("/etc/passwd", "it is absolute")]
        [TestCase("C:/Windows/win.ini", "it is absolute")]
        [TestCase("a\\b", "it contains a backslash")]
        [TestCase("a//b", "it has an empty segment")]
        [TestCase("a/", "it has an empty segment")]
        [TestCase("", "it is empty")]
        [TestCase("a\0b", "it contains a NUL character")]
        public void Should_Throw_When_A_RelPath_Is_Unsafe(string relPath, string reason)
        {
            // Given
            var entries = new[] { Foo, new DirEntry(relPath, Bar.Md5) };

            // When
            var error = Assert.Throws<WorkflowException>(() => DirListing.Create(entries, "data/"));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"data/ contains the unsafe relpath '{relPath}' ({reason}); Workflow refuses it because it could write "
                + "outside the data directory. Rename or remove that entry, or re-create the listing with TrackData "
                + "from a trusted copy of the data."));
        }

        [Test]
        public void Should_Throw_When_A_RelPath_Appears_Twice()
        {
            // Given
            var entries = new[] { Foo, Foo with { Md5 = Bar.Md5 } };

            // When
            var error = Assert.Throws<WorkflowException>(() => DirListing.Create(entries, "data/"));

            // Then
            Assert.That(error.Message, Is.EqualTo("data/ lists 'foo' twice; re-create the listing with TrackData."));
        }

        [Test]
        public void Should_Throw_When_A_Path_Is_Both_File_And_Directory()
        {
            // Given
            var entries = new[] { Foo, new DirEntry("foo/inner", Bar.Md5) };

            // When
            var error = Assert.Throws<WorkflowException>(() => DirListing.Create(entries, "data/"));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                "data/ lists 'foo' both as a file and as the directory of 'foo/inner'; re-create the listing with TrackData."));
        }

        [TestCase("ACBD18DB4CC2F85CEDEF654FCCC4A4D8")]
        [TestCase("5ea40360f5b4ec688df672a4db9c17d1.dir")]
        [TestCase("")]
        public void Should_Throw_When_An_Md5_Is_Not_A_File_Hash(string md5)
        {
            // Given
            var entries = new[] { Foo with { Md5 = md5 } };

            // When
            var error = Assert.Throws<WorkflowException>(() => DirListing.Create(entries, "data/"));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"data/ gives 'foo' the md5 '{md5}', which is not 32 lowercase hex digits; re-create the listing with TrackData."));
        }
    }

    public sealed class TheToBytesMethod
    {
        [Test]
        public void Should_Match_Pythons_Json_Dumps_With_Sorted_Keys()
        {
            // Given
            var listing = DirListing.Create([Foo, Bar], "data/");

            // When
            var bytes = listing.ToBytes();

            // Then
            Assert.That(Encoding.ASCII.GetString(bytes), Is.EqualTo(FooBarJson));
        }

        [Test]
        public void Should_Escape_Like_Ensure_Ascii()
        {
            // Given: expected text from python3 json.dumps(..., sort_keys=True)
            var listing = DirListing.Create([new DirEntry("caf\u00e9/\U0001F600 \"q\"\t\n\u007f\u0001.txt", Foo.Md5)], "data/");

            // When
            var text = Encoding.ASCII.GetString(listing.ToBytes());

            // Then
            Assert.That(text, Is.EqualTo(
                "[{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", "
                + "\"relpath\": \"caf\\u00e9/\\ud83d\\ude00 \\\"q\\\"\\t\\n\\u007f\\u0001.txt\"}]"));
        }

        [Test]
        public void Should_Write_An_Empty_Array_For_No_Files()
        {
            // Given
            var listing = DirListing.Create([], "data/");

            // When
            var text = Encoding.ASCII.GetString(listing.ToBytes());

            // Then
            Assert.That(text, Is.EqualTo("[]"));
        }
    }

    public sealed class TheMd5Property
    {
        [Test]
        public void Should_Be_The_Md5_Of_The_Bytes_With_Dir_Suffix()
        {
            // Given, When
            var listing = DirListing.Create([Foo, Bar], "data/");

            // Then
            Assert.That(listing.Md5, Is.EqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir"));
        }

        [Test]
        public void Should_Match_Dvc_For_An_Empty_Directory()
        {
            // Given, When
            var listing = DirListing.Create([], "data/");

            // Then
            Assert.That(listing.Md5, Is.EqualTo("d751713988987e9331980363e24189ce.dir"));
        }
    }

    public sealed class TheParseMethod
    {
        [Test]
        public void Should_Round_Trip_Dvc_Bytes()
        {
            // Given
            var bytes = Encoding.ASCII.GetBytes(FooBarJson);

            // When
            var listing = DirListing.Parse(bytes, "listing");

            // Then
            Assert.That(listing.ToBytes(), Is.EqualTo(bytes));
        }

        [Test]
        public void Should_Tolerate_Whitespace_Key_Order_Order_And_Extra_Keys()
        {
            // Given
            var json = "[\n {\"relpath\":\"foo\",\"md5\":\"acbd18db4cc2f85cedef654fccc4a4d8\",\"size\":3},\n"
                + " {\"relpath\":\"bar\",\"md5\":\"37b51d194a7513e45b56f6524f2d51f2\"}\n]\n";

            // When
            var listing = DirListing.Parse(Encoding.UTF8.GetBytes(json), "listing");

            // Then
            Assert.That(listing.Md5, Is.EqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir"));
        }

        [Test]
        public void Should_Throw_When_A_Remote_Listing_Has_A_Hostile_RelPath()
        {
            // Given
            var json = "[{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"../../.bashrc\"}]";

            // When
            var error = Assert.Throws<WorkflowException>(
                () => DirListing.Parse(Encoding.ASCII.GetBytes(json), "The listing 1234.dir"));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                "The listing 1234.dir contains the unsafe relpath '../../.bashrc' (it has a '..' segment); Workflow "
                + "refuses it because it could write outside the data directory. Rename or remove that entry, or "
                + "re-create the listing with TrackData from a trusted copy of the data."));
        }

        [Test]
        public void Should_Throw_When_It_Is_Not_An_Array()
        {
            // Given
            var json = "{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\"}";

            // When
            var error = Assert.Throws<WorkflowException>(() => DirListing.Parse(Encoding.ASCII.GetBytes(json), "listing"));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                "listing is not a valid directory listing: it is not a JSON array; delete it and push the data again "
                + "from a machine that has it."));
        }

        [Test]
        public void Should_Throw_When_An_Entry_Lacks_Md5()
        {
            // Given
            var json = "[{\"relpath\": \"foo\"}]";

            // When
            var error = Assert.Throws<WorkflowException>(() => DirListing.Parse(Encoding.ASCII.GetBytes(json), "listing"));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                "listing is not a valid directory listing: entry 0 is not an object with string \"md5\" and "
                + "\"relpath\"; delete it and push the data again from a machine that has it."));
        }

        [Test]
        public void Should_Throw_When_It_Is_Not_Json()
        {
            // Given
            var bytes = Encoding.ASCII.GetBytes("RIFF....WAVE");

            // When
            var error = Assert.Throws<WorkflowException>(() => DirListing.Parse(bytes, "listing"));

            // Then
            Assert.That(error.Message, Does.StartWith("listing is not a valid directory listing: it is not JSON ("));
            Assert.That(error.Message, Does.EndWith("); delete it and push the data again from a machine that has it."));
        }
    }
}
