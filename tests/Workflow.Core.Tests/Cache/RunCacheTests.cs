using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Cache;

public sealed class RunCacheTests
{
    public sealed class TheTryGetMethod
    {
        [Test]
        public void Should_Return_What_Was_Put_Under_The_Key()
        {
            // Given
            using var temp = new TempDirectory();
            var cache = new RunCache(temp.Path);
            var key = ContentHash.OfText("key");
            cache.Put(key, new RunCacheEntry("Train", "7", new Dictionary<string, string> { ["artifacts/models/7.model"] = "abc" }));

            // When
            var found = cache.TryGet(key, out var entry);

            // Then
            Assert.That(found, Is.True);
            Assert.That(entry.Outputs["artifacts/models/7.model"], Is.EqualTo("abc"));
        }

        [Test]
        public void Should_Treat_A_Corrupt_Entry_As_A_Miss()
        {
            // Given
            using var temp = new TempDirectory();
            var key = ContentHash.OfText("key");
            temp.Write($"{key[..2]}/{key}.json", "{ not json");

            // When / Then
            Assert.That(new RunCache(temp.Path).TryGet(key, out _), Is.False);
        }
    }
}
