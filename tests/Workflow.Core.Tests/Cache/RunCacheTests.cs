using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Cache;

public sealed class RunCacheTests
{
    private static RunCacheEntry Entry(string hash) =>
        new("Train", "7", new Dictionary<string, string> { ["artifacts/models/7.model"] = hash });

    // Three keys that fall in one shard (00).
    private static string[] ThreeKeysOfOneShard() => new[] { "a", "b", "c" }.Select(k => "00" + ContentHash.OfText(k)[2..]).ToArray();

    private static string Text(string path) => System.Text.Encoding.UTF8.GetString(PackedFile.Read(path));

    public sealed class TheTryGetMethod
    {
        [Test]
        public void Should_Return_What_Was_Put_Under_The_Key_In_This_And_Another_Process()
        {
            // Given
            using var temp = new TempDirectory();
            var cache = new RunCache(temp.Path);
            var key = ContentHash.OfText("key");
            cache.Put(key, Entry("abc"));

            // When
            var found = cache.TryGet(key, out var entry);
            var reloaded = new RunCache(temp.Path).TryGet(key, out var again);

            // Then
            Assert.That(found && reloaded, Is.True);
            Assert.That(entry.Outputs["artifacts/models/7.model"], Is.EqualTo("abc"));
            Assert.That(again.Outputs["artifacts/models/7.model"], Is.EqualTo("abc"));
            Assert.That(temp.Files(), Is.EqualTo(new[] { $"{key[..2]}.jsonl" }));
        }

        [Test]
        public void Should_Let_The_Last_Entry_For_A_Key_Win()
        {
            // Given
            using var temp = new TempDirectory();
            var key = ContentHash.OfText("key");
            new RunCache(temp.Path).Put(key, Entry("old"));
            new RunCache(temp.Path).Put(key, Entry("new"));

            // When
            new RunCache(temp.Path).TryGet(key, out var entry);

            // Then
            Assert.That(entry.Outputs["artifacts/models/7.model"], Is.EqualTo("new"));
        }

        [Test]
        public void Should_Skip_A_Torn_Line_And_Keep_Appending_After_It()
        {
            // Given: a crash left half a line at the end of the shard
            using var temp = new TempDirectory();
            var (first, second) = (ContentHash.OfText("a"), "00" + ContentHash.OfText("b")[2..]);
            var other = "00" + ContentHash.OfText("c")[2..];
            new RunCache(temp.Path).Put(second, Entry("kept"));
            File.AppendAllText(temp.Combine("00.jsonl"), "{\"key\":\"" + other + "\",\"sta");

            // When
            new RunCache(temp.Path).Put(other, Entry("after"));
            var cache = new RunCache(temp.Path);

            // Then
            Assert.That(cache.TryGet(second, out var kept) && kept.Outputs.Values.Single() == "kept");
            Assert.That(cache.TryGet(other, out var after) && after.Outputs.Values.Single() == "after");
            Assert.That(cache.TryGet(first, out _), Is.False);
        }

        [Test]
        public void Should_Write_Each_Line_At_Once_While_The_Shard_Stays_Open_And_Append_After_It_Is_Closed()
        {
            // Given: one cache appends three entries to one shard, closing it after the second
            using var temp = new TempDirectory();
            var keys = ThreeKeysOfOneShard();
            var cache = new RunCache(temp.Path);
            cache.Put(keys[0], Entry("first"));
            var seenWhileOpen = new RunCache(temp.Path).TryGet(keys[0], out var first);
            cache.Put(keys[1], Entry("second"));
            cache.Close();

            // When
            cache.Put(keys[2], Entry("third"));
            cache.Close();

            // Then: another reader sees a line as soon as it is put, and all three after the reopen, one line each
            Assert.That(seenWhileOpen && first.Outputs.Values.Single() == "first");
            var reloaded = new RunCache(temp.Path);
            Assert.That(keys.Select(k => reloaded.TryGet(k, out var e) ? e.Outputs.Values.Single() : null),
                Is.EqualTo(new[] { "first", "second", "third" }));
            Assert.That(Text(temp.Combine("00.jsonl")).Split('\n'), Has.Length.EqualTo(4)); // three lines and the end
        }

        [Test]
        public void Should_Read_A_Shard_Again_After_A_Close_Instead_Of_Holding_It()
        {
            // Given: a cache that put and looked up entries in one stage, then closed; another writer adds a line since
            using var temp = new TempDirectory();
            var keys = ThreeKeysOfOneShard();
            var cache = new RunCache(temp.Path);
            cache.Put(keys[0], Entry("first"));
            cache.TryGet(keys[1], out _);
            cache.Close();
            var other = new RunCache(temp.Path);
            other.Put(keys[1], Entry("second"));
            other.Close();

            // When: the first cache's next stage looks keys up
            var found = keys.Select(k => cache.TryGet(k, out var e) ? e.Outputs.Values.Single() : null).ToArray();

            // Then: read from the file again, its own entry and the other writer's too
            Assert.That(found, Is.EqualTo(new[] { "first", "second", null }));
        }

        [Test]
        public void Should_Pack_A_Shard_When_Closed_And_Read_The_Lines_Appended_After_It()
        {
            // Given: a shard packed by one build's Close, then a line appended by the next (not closed: interrupted)
            using var temp = new TempDirectory();
            var keys = ThreeKeysOfOneShard();
            var first = new RunCache(temp.Path);
            first.Put(keys[0], Entry("first"));
            first.Put(keys[1], Entry("second"));
            first.Close();
            var packed = File.ReadAllBytes(temp.Combine("00.jsonl"));
            new RunCache(temp.Path).Put(keys[2], Entry("third"));

            // When
            var reloaded = new RunCache(temp.Path);

            // Then: the packed lines and the plain one after them are all found
            Assert.That(System.Text.Encoding.ASCII.GetString(packed, 0, 4), Is.EqualTo("WFBR"));
            Assert.That(packed.Length, Is.LessThan(Text(temp.Combine("00.jsonl")).Length));
            Assert.That(keys.Select(k => reloaded.TryGet(k, out var e) ? e.Outputs.Values.Single() : null),
                Is.EqualTo(new[] { "first", "second", "third" }));
        }

        [Test]
        public void Should_Treat_A_Damaged_Packed_Shard_As_Misses_And_Replace_It_At_The_Next_Close()
        {
            // Given: a packed shard cut short
            using var temp = new TempDirectory();
            var keys = new[] { "a", "b" }.Select(k => "00" + ContentHash.OfText(k)[2..]).ToArray();
            var first = new RunCache(temp.Path);
            first.Put(keys[0], Entry("lost"));
            first.Close();
            File.WriteAllBytes(temp.Combine("00.jsonl"), File.ReadAllBytes(temp.Combine("00.jsonl"))[..^3]);

            // When
            var second = new RunCache(temp.Path);
            var found = second.TryGet(keys[0], out _);
            second.Put(keys[1], Entry("new"));
            second.Close();

            // Then
            Assert.That(found, Is.False);
            var reloaded = new RunCache(temp.Path);
            Assert.That(reloaded.TryGet(keys[1], out var entry) && entry.Outputs.Values.Single() == "new");
        }

        [Test]
        public void Should_Treat_A_Corrupt_Shard_As_Misses()
        {
            // Given
            using var temp = new TempDirectory();
            var key = ContentHash.OfText("key");
            temp.Write($"{key[..2]}.jsonl", "{ not json\n\u0000\u0001\n");

            // When / Then
            Assert.That(new RunCache(temp.Path).TryGet(key, out _), Is.False);
        }
    }
}
