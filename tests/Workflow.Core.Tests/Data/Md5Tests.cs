using System.Text;
using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

public sealed class Md5Tests
{
    public sealed class TheOfFileMethod
    {
        [TestCase("foo", "acbd18db4cc2f85cedef654fccc4a4d8")]
        [TestCase("bar", "37b51d194a7513e45b56f6524f2d51f2")]
        [TestCase("", "d41d8cd98f00b204e9800998ecf8427e")]
        public void Should_Return_Lowercase_Hex_Md5_Of_The_Bytes(string content, string expected)
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("file", content);

            // When
            var md5 = Md5.OfFile(path);

            // Then
            Assert.That(md5, Is.EqualTo(expected));
        }
    }

    public sealed class TheOfStreamMethod
    {
        [Test]
        public void Should_Match_OfBytes_For_Data_Longer_Than_The_Buffer()
        {
            // Given
            var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

            // When
            var streamed = Md5.OfStream(new MemoryStream(bytes));

            // Then
            Assert.That(streamed, Is.EqualTo(Md5.OfBytes(bytes)));
        }
    }

    public sealed class TheOfBytesMethod
    {
        [Test]
        public void Should_Hash_The_Bytes_Exactly()
        {
            // Given
            var bytes = Encoding.ASCII.GetBytes("foo");

            // When
            var md5 = Md5.OfBytes(bytes);

            // Then
            Assert.That(md5, Is.EqualTo("acbd18db4cc2f85cedef654fccc4a4d8"));
        }
    }

    public sealed class TheIsValidMethod
    {
        [TestCase("acbd18db4cc2f85cedef654fccc4a4d8", true)]
        [TestCase("5ea40360f5b4ec688df672a4db9c17d1.dir", true)]
        [TestCase("ACBD18DB4CC2F85CEDEF654FCCC4A4D8", false)]
        [TestCase("acbd18db4cc2f85cedef654fccc4a4d", false)]
        [TestCase("acbd18db4cc2f85cedef654fccc4a4d8.txt", false)]
        [TestCase("../../../../../../etc/passwd", false)]
        [TestCase("", false)]
        [TestCase(null, false)]
        public void Should_Accept_Only_Lowercase_Hex_With_Optional_Dir_Suffix(string? md5, bool expected)
        {
            // Given, When
            var valid = Md5.IsValid(md5);

            // Then
            Assert.That(valid, Is.EqualTo(expected));
        }
    }
}
