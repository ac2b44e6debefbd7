using Workflow.Cache;
using Workflow.Packaging;

namespace Workflow.Tests.Packaging;

public sealed class DeterministicZipTests
{
    public sealed class TheWriteMethod
    {
        [Test]
        public void Should_Give_Identical_Bytes_For_The_Same_Entries_In_Any_Order_At_Any_Time()
        {
            // Given
            var first = new Dictionary<string, byte[]> { ["b.txt"] = [2], ["a.txt"] = [1] };
            var second = new Dictionary<string, byte[]> { ["a.txt"] = [1], ["b.txt"] = [2] };

            // When
            using var one = new MemoryStream();
            DeterministicZip.Write(one, first);
            using var two = new MemoryStream();
            DeterministicZip.Write(two, second);

            // Then
            Assert.That(ContentHash.OfBytes(one.ToArray()), Is.EqualTo(ContentHash.OfBytes(two.ToArray())));
            one.Position = 0;
            using var zip = new System.IO.Compression.ZipArchive(one);
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "a.txt", "b.txt" }));
            Assert.That(zip.Entries.Select(e => e.LastWriteTime.Year), Is.All.EqualTo(1980));
        }
    }
}
