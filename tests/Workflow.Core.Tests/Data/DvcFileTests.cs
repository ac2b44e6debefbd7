using System.Text;
using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

public sealed class DvcFileTests
{
    internal const string FooBarText =
        "outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n";

    internal static readonly DvcOut FooBarOut = new("5ea40360f5b4ec688df672a4db9c17d1.dir", 6, 2, "data");

    private static string Error(string why) =>
        $"data.dvc is not valid: {why}; restore it with `git checkout data.dvc` or re-create it with TrackData.";

    public sealed class TheFormatMethod
    {
        [Test]
        public void Should_Write_Exactly_What_Dvc_Writes()
        {
            // Given, When
            var text = DvcFile.Format(FooBarOut);

            // Then
            Assert.That(text, Is.EqualTo(FooBarText));
        }

        [Test]
        public void Should_Omit_Size_And_NFiles_When_Unknown()
        {
            // Given
            var @out = FooBarOut with { Size = null, NFiles = null };

            // When
            var text = DvcFile.Format(@out);

            // Then
            Assert.That(text, Is.EqualTo("outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  hash: md5\n  path: data\n"));
        }

        [Test]
        public void Should_Quote_A_Path_Yaml_Would_Misread()
        {
            // Given
            var @out = FooBarOut with { Path = "my data: it's #1" };

            // When
            var text = DvcFile.Format(@out);

            // Then
            Assert.That(text, Does.EndWith("  path: 'my data: it''s #1'\n"));
            Assert.That(DvcFile.Parse(text), Is.EqualTo(@out));
        }
    }

    public sealed class TheParseMethod
    {
        [Test]
        public void Should_Read_The_Canonical_Text()
        {
            // Given, When
            var @out = DvcFile.Parse(FooBarText);

            // Then
            Assert.That(@out, Is.EqualTo(FooBarOut));
        }

        [TestCase("outs:\n- path: data\n  hash: md5\n  nfiles: 2\n  size: 6\n  md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n")]
        [TestCase("outs:\n- md5: '5ea40360f5b4ec688df672a4db9c17d1.dir'\n  size: 6\n  nfiles: 2\n  path: \"data\"\n")]
        [TestCase("outs:\n  - md5: 5EA40360F5B4EC688DF672A4DB9C17D1.dir\n    size: 6\n    nfiles: 2\n    path: data\n")]
        [TestCase("outs:\r\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\r\n  size: 6\r\n  nfiles: 2\r\n  path: data\r\n")]
        [TestCase("# data\nouts:\n-   md5: 5ea40360f5b4ec688df672a4db9c17d1.dir  # the listing\n    size: 6\n\n    nfiles: 2\n    path: data")]
        [TestCase("md5: 0123\nfrozen: true\nouts:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  cloud:\n    bundled:\n      etag: abc\n  path: data\nmeta:\n  owner: x\n")]
        [TestCase("outs:\n-\n  md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  path: data\n")]
        public void Should_Read_Tolerated_Variants(string text)
        {
            // Given, When
            var @out = DvcFile.Parse(text);

            // Then
            Assert.That(@out, Is.EqualTo(FooBarOut));
        }

        [Test]
        public void Should_Read_Missing_Size_And_NFiles_As_Unknown()
        {
            // Given
            var text = "outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  path: data\n";

            // When
            var @out = DvcFile.Parse(text);

            // Then
            Assert.That(@out, Is.EqualTo(FooBarOut with { Size = null, NFiles = null }));
        }

        [TestCase("", "it has no `outs`")]
        [TestCase("stages:\n  train:\n    cmd: x\n", "it has no `outs`")]
        [TestCase("outs: []\n", "its `outs` list is empty")]
        [TestCase("outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  path: data\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  path: other\n",
            "it has 2 outs, but Workflow tracks exactly one directory")]
        [TestCase("outs:\n- path: data\n", "its out has no md5")]
        [TestCase("outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n", "its out has no path")]
        [TestCase("outs:\n- md5: not-a-hash\n  path: data\n", "its out's md5 'not-a-hash' is not 32 hex digits (optionally followed by .dir)")]
        [TestCase("outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  path: ../../etc\n",
            "its out's path '../../etc' is not a safe relative path (it has a '..' segment)")]
        [TestCase("outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  hash: sha256\n  path: data\n",
            "its out uses hash 'sha256', but Workflow reads only DVC 3.x md5 outs")]
        [TestCase("outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: six\n  path: data\n",
            "its out's size 'six' is not a whole number")]
        [TestCase("outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  nfiles: -2\n  path: data\n",
            "its out's nfiles '-2' is not a whole number")]
        [TestCase("outs: [{md5: x, path: data}]\n", "line 1: '[{md5: x, path: data}]' uses YAML that Workflow does not read")]
        [TestCase("outs: data\n", "line 1: `outs` is not a block list of mappings")]
        [TestCase("outs:\n  md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n", "line 2: `outs` is not a block list of mappings")]
        [TestCase("outs:\n- md5: a\n  md5: b\n", "line 3: the out has `md5` twice")]
        [TestCase("outs:\n- md5: a\n path: data\n", "line 3: the indentation does not match the out's other keys")]
        [TestCase("outs:\n- md5: 'a\n", "line 2: the quoted value 'a is not closed")]
        [TestCase("<<<<<<< HEAD\nouts:\n", "line 1: '<<<<<<< HEAD' is not a `key: value` line")]
        [TestCase("outs:\n\t- md5: a\n", "line 2: a tab is used for indentation")]
        public void Should_Throw_When_The_Content_Is_Invalid(string text, string why)
        {
            // Given, When
            var error = Assert.Throws<WorkflowException>(() => DvcFile.Parse(text));

            // Then
            Assert.That(error.Message, Is.EqualTo(Error(why)));
        }
    }

    public sealed class TheReadMethod
    {
        [Test]
        public void Should_Read_A_File_With_A_Byte_Order_Mark()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("data.dvc", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(FooBarText)]);

            // When
            var @out = DvcFile.Read(path);

            // Then
            Assert.That(@out, Is.EqualTo(FooBarOut));
        }

        [Test]
        public void Should_Name_The_File_In_Errors()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("data.dvc", "nothing: here\n");

            // When
            var error = Assert.Throws<WorkflowException>(() => DvcFile.Read(path));

            // Then
            Assert.That(error.Message, Is.EqualTo(Error("it has no `outs`")));
        }

        [Test]
        public void Should_Throw_When_The_File_Is_Missing()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Combine("data.dvc");

            // When
            var error = Assert.Throws<WorkflowException>(() => DvcFile.Read(path));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{path} does not exist; restore it with `git checkout data.dvc` or create it with TrackData."));
        }
    }

    public sealed class TheWriteMethod
    {
        [Test]
        public void Should_Write_Lf_Text_With_Trailing_Newline_And_Leave_No_Temp_File()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Combine("data.dvc");

            // When
            DvcFile.Write(path, FooBarOut);

            // Then
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(Encoding.ASCII.GetBytes(FooBarText)));
            Assert.That(temp.Files(), Is.EqualTo(new[] { "data.dvc" }));
        }

        [Test]
        public void Should_Replace_An_Existing_File()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("data.dvc", "old content that is longer than the new one ............................\n");

            // When
            DvcFile.Write(path, FooBarOut);

            // Then
            Assert.That(File.ReadAllText(path), Is.EqualTo(FooBarText));
            Assert.That(temp.Files(), Is.EqualTo(new[] { "data.dvc" }));
        }
    }
}
