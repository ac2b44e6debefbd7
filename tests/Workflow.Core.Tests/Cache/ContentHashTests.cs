using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Cache;

public sealed class ContentHashTests
{
    public sealed class TheOfTextMethod
    {
        [Test]
        public void Should_Give_The_Published_Sha256_Of_Abc()
        {
            // Given / When
            var hash = ContentHash.OfText("abc");

            // Then: FIPS 180-2's test vector
            Assert.That(hash, Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        }
    }

    public sealed class TheOfFileMethod
    {
        [Test]
        public void Should_Equal_The_Hash_Of_The_Files_Bytes()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Write("a.bin", [1, 2, 3]);

            // When / Then
            Assert.That(ContentHash.OfFile(path), Is.EqualTo(ContentHash.OfBytes([1, 2, 3])));
        }
    }
}
