using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Cache;

public sealed class AtomicFileTests
{
    public sealed class TheWriteHashedMethod
    {
        [Test]
        public void Should_Return_The_Sha256_Of_The_Bytes_It_Wrote_In_Several_Writes()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Combine("out/features.bin");

            // When: a new folder, and bytes written in three pieces (a span, an array slice, one byte)
            var hash = AtomicFile.WriteHashed(path, stream =>
            {
                stream.Write("abc"u8);
                stream.Write("xdefx"u8.ToArray(), 1, 3);
                stream.WriteByte((byte)'g');
            });

            // Then
            Assert.That(File.ReadAllText(path), Is.EqualTo("abcdefg"));
            Assert.That(hash, Is.EqualTo(ContentHash.OfFile(path)).And.EqualTo(ContentHash.OfText("abcdefg")));
        }

        [Test]
        public void Should_Leave_The_Old_File_And_No_Temporary_File_When_The_Writer_Fails()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("model.json", "old");

            // When
            Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteHashed(path, stream =>
            {
                stream.Write("half"u8);
                throw new InvalidOperationException("writer failed");
            }));

            // Then
            Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
            Assert.That(temp.Files(), Is.EqualTo(new[] { "model.json" }));
        }
    }

    public sealed class TheDeleteIfPresentMethod
    {
        [Test]
        public void Should_Delete_A_File_And_Accept_A_Missing_File_Or_Folder()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("a.txt", "x");

            // When
            AtomicFile.DeleteIfPresent(path);
            AtomicFile.DeleteIfPresent(path);
            AtomicFile.DeleteIfPresent(temp.Combine("no/such/folder/b.txt"));

            // Then
            Assert.That(File.Exists(path), Is.False);
        }
    }
}
