using Workflow.Cache;
using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Cache;

public sealed class StateCacheTests
{
    private static FileStat Old(long inode = 7) => new(3, 1_000_000_000, 1_000_000_000, (ulong)inode);

    public sealed class TheLookupMethod
    {
        [Test]
        public void Should_Return_What_Was_Saved_For_The_Same_Stat_Only()
        {
            // Given
            using var temp = new TempDirectory();
            var path = temp.Combine("state");
            var state = StateCache.Load(path);
            state.Record("data/a b", Old(), DataWorkspace.FooMd5);
            state.Save();

            // When
            var loaded = StateCache.Load(path);

            // Then
            Assert.That(loaded.Lookup("data/a b", Old()), Is.EqualTo(DataWorkspace.FooMd5));
            Assert.That(loaded.Lookup("data/a b", Old(inode: 8)), Is.Null);
            Assert.That(loaded.Lookup("data/a b", Old() with { Size = 4 }), Is.Null);
            Assert.That(loaded.Lookup("data/a b", Old() with { MtimeNs = 1 }), Is.Null);
        }

        [Test]
        public void Should_Not_Trust_A_File_Modified_Within_The_Racy_Window()
        {
            // Given
            using var temp = new TempDirectory();
            var fresh = Old() with { MtimeNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100 };
            var state = StateCache.Load(temp.Combine("state"));
            state.Record("data/new", fresh, DataWorkspace.FooMd5);
            state.Save();

            // When
            var loaded = StateCache.Load(temp.Combine("state"));

            // Then
            Assert.That(loaded.Lookup("data/new", fresh), Is.Null);
        }

        [Test]
        public void Should_Read_Back_Every_Entry_Of_A_File_Parsed_In_Slices()
        {
            // Given: a plain state file (as earlier versions wrote it) of more than a few MB, so it is parsed in
            // slices cut at line ends
            using var temp = new TempDirectory();
            var hash = Workflow.Cache.ContentHash.OfText("x");
            string Key(int i) => $"/data/é/{i:D6}/with space.wav";
            var lines = Enumerable.Range(0, 30_000).Select(i => (Key: Key(i), Line: StateFile.Line(Key(i), new StateEntry(Old(i), hash))))
                .OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Line + "\n");
            File.WriteAllText(temp.Combine("state"), "workflow-state 1\n" + string.Concat(lines));
            Assert.That(new FileInfo(temp.Combine("state")).Length, Is.GreaterThan(3 << 20));

            // When
            var loaded = StateCache.Load(temp.Combine("state"));

            // Then
            var missed = Enumerable.Range(0, 30_000).Count(i => loaded.Lookup(Key(i), Old(i)) != hash);
            Assert.That(missed, Is.Zero);
        }

        [Test]
        public void Should_Move_A_Plain_State_File_Into_Shards_At_The_First_Save()
        {
            // Given: a plain file of 300 entries, as earlier versions wrote it
            using var temp = new TempDirectory();
            var path = temp.Combine("state");
            var hash = Workflow.Cache.ContentHash.OfText("x");
            var keys = Enumerable.Range(0, 300).Select(i => $"data/{i:D3}.wav").ToList();
            File.WriteAllText(path, "workflow-state 1\n" + string.Concat(keys.Select((k, i) => StateFile.Line(k, new StateEntry(Old(i), hash)) + "\n")));

            // When: the stage runner's kind records one more file
            var state = StateCache.Load(path, keepUnseen: true);
            state.Record("data/new.wav", Old(999), hash, trusted: true);
            state.Save();

            // Then: the file is a directory of packed shards now, holding every entry
            Assert.That(File.Exists(path), Is.False);
            Assert.That(Bookkeeping.Files(path), Has.Length.EqualTo(keys.Append("data/new.wav").Select(Shards.Of).Distinct().Count()));
            var loaded = StateCache.Load(path);
            Assert.That(keys.Select((k, i) => loaded.Lookup(k, Old(i))), Is.All.EqualTo(hash));
            Assert.That(loaded.Lookup("data/new.wav", Old(999)), Is.EqualTo(hash));
        }

        [Test]
        public void Should_Lose_Only_The_Entries_Of_A_Damaged_Shard()
        {
            // Given: 200 entries saved, then one shard's packed bytes cut short
            using var temp = new TempDirectory();
            var path = temp.Combine("state");
            var hash = Workflow.Cache.ContentHash.OfText("x");
            var state = StateCache.Load(path, keepUnseen: true);
            for (var i = 0; i < 200; i++) state.Record($"data/{i}", Old(i), hash, trusted: true);
            state.Save();
            var damaged = Shards.PathOf(path, Shards.Of("data/0"));
            File.WriteAllBytes(damaged, File.ReadAllBytes(damaged)[..^5]);

            // When
            var loaded = StateCache.Load(path, keepUnseen: true);

            // Then
            var found = Enumerable.Range(0, 200).Where(i => loaded.Lookup($"data/{i}", Old(i)) == hash).ToList();
            Assert.That(found, Is.EquivalentTo(Enumerable.Range(0, 200).Where(i => Shards.Of($"data/{i}") != Shards.Of("data/0"))));
        }

        [TestCase("")]
        [TestCase("workflow-state 1\nnot a line\nacbd 1 2 3 4 data/x\n")]
        [TestCase("something else\n")]
        public void Should_Treat_A_Corrupt_State_File_As_Empty(string text)
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("state", text);

            // When
            var state = StateCache.Load(temp.Combine("state"));

            // Then
            Assert.That(state.Lookup("data/x", Old()), Is.Null);
        }
    }

    public sealed class TheSaveMethod
    {
        private static string Key(int i) => $"/w/artifacts/é {i:D5}.mfcc";

        private static string Hash(int i) => Workflow.Cache.ContentHash.OfText(i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        private static string Line(string key, FileStat stat, string hash) =>
            $"{hash} {stat.Size} {stat.MtimeNs} {stat.CtimeNs} {stat.Inode} {key}\n";

        private static string Written(IReadOnlyDictionary<string, string> lines) =>
            "workflow-state 1\n" + string.Concat(lines.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value));

        [Test]
        public void Should_Change_Only_The_Lines_Of_Files_Recorded_Or_Forgotten_Keeping_The_Rest()
        {
            // Given: a saved file of 2,000 entries (every other key), loaded the way the stage runner loads it
            using var temp = new TempDirectory();
            var path = temp.Combine("state");
            var expected = new Dictionary<string, string>(StringComparer.Ordinal);
            var first = StateCache.Load(path, keepUnseen: true);
            foreach (var i in Enumerable.Range(0, 2000).Select(i => 2 * i))
            {
                first.Record(Key(i), Old(i), Hash(i), trusted: true);
                expected[Key(i)] = Line(Key(i), Old(i), Hash(i));
            }
            first.Save();
            var state = StateCache.Load(path, keepUnseen: true);

            // When: one new file between two others, one changed, one forgotten, one before all and one after all
            foreach (var (key, stat, hash) in new[]
            {
                (Key(1001), Old(1001), Hash(1001)), ("/a/first", Old(1), Hash(1)), (Key(99999), Old(99999), Hash(99999)),
                (Key(500), Old(500) with { Size = 4 }, Hash(7)),
            })
            {
                state.Record(key, stat, hash, trusted: true);
                expected[key] = Line(key, stat, hash);
            }
            state.Forget(Key(1000));
            expected.Remove(Key(1000));
            state.Save();

            // Then: each shard is what writing its entries out would give
            foreach (var shard in Enumerable.Range(0, Shards.Count))
            {
                var own = expected.Where(e => Shards.Of(e.Key) == shard).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
                if (own.Count == 0) continue;
                Assert.That(System.Text.Encoding.UTF8.GetString(PackedFile.Read(Shards.PathOf(path, shard))), Is.EqualTo(Written(own)));
            }
            var loaded = StateCache.Load(path, keepUnseen: true);
            Assert.That(loaded.Lookup(Key(1001), Old(1001)), Is.EqualTo(Hash(1001)));
            Assert.That(loaded.Lookup(Key(500), Old(500) with { Size = 4 }), Is.EqualTo(Hash(7)));
            Assert.That(loaded.Lookup(Key(1000), Old(1000)), Is.Null);
            Assert.That(loaded.Lookup(Key(1002), Old(1002)), Is.EqualTo(Hash(1002)));
        }

        // A state file of entries 0 … count − 1, saved as the stage runner saves it.
        private static string Saved(TempDirectory temp, int count)
        {
            var path = temp.Combine("state");
            var state = StateCache.Load(path, keepUnseen: true);
            for (var i = 0; i < count; i++) state.Record(Key(i), Old(i), Hash(i), trusted: true);
            state.Save();
            return path;
        }

        private static List<FileStat?> ShardStats(string path) =>
            Enumerable.Range(0, Shards.Count).Select(i => FileStat.Of(Shards.PathOf(path, i))).ToList();

        // The shards whose file is not the one it was (a rewrite is a new file: another inode).
        private static IEnumerable<int> Rewritten(string path, List<FileStat?> before)
        {
            var after = ShardStats(path);
            return Enumerable.Range(0, Shards.Count).Where(i => after[i] != before[i]).ToList();
        }

        [Test]
        public void Should_Rewrite_Only_The_Shard_Of_A_Changed_Entry()
        {
            // Given: 2,000 entries in every shard's file
            using var temp = new TempDirectory();
            var path = Saved(temp, 2000);
            var before = ShardStats(path);

            // When: one file recorded anew
            var state = StateCache.Load(path, keepUnseen: true);
            state.Record(Key(7), Old(7) with { Size = 9 }, Hash(8), trusted: true);
            state.Save();

            // Then: its shard is a new file; every other shard is the file it was (same inode, same stat)
            Assert.That(Rewritten(path, before), Is.EqualTo(new[] { Shards.Of(Key(7)) }));
            Assert.That(StateCache.Load(path).Lookup(Key(7), Old(7) with { Size = 9 }), Is.EqualTo(Hash(8)));
        }

        [Test]
        public void Should_Write_No_Shard_When_Every_Entry_Recorded_Is_The_One_Loaded()
        {
            // Given: 200 entries saved
            using var temp = new TempDirectory();
            var path = Saved(temp, 200);
            var before = ShardStats(path);

            // When: every file recorded again as it was, and one new one
            var state = StateCache.Load(path, keepUnseen: true);
            for (var i = 0; i < 200; i++) state.Record(Key(i), Old(i), Hash(i), trusted: true);
            state.Record(Key(500), Old(500), Hash(500), trusted: true);
            state.Save();

            // Then: only the new entry's shard is a new file
            Assert.That(Rewritten(path, before), Is.EqualTo(new[] { Shards.Of(Key(500)) }));
            var loaded = StateCache.Load(path);
            Assert.That(Enumerable.Range(0, 200).Append(500).Where(i => loaded.Lookup(Key(i), Old(i)) != Hash(i)), Is.Empty);
        }

        [Test]
        public void Should_Keep_Every_Entry_Of_A_File_Whose_Lines_Are_Out_Of_Order()
        {
            // Given: a file edited by hand, its lines reversed and one of them unreadable
            using var temp = new TempDirectory();
            var path = temp.Combine("state");
            var lines = Enumerable.Range(0, 50).Select(i => Line(Key(i), Old(i), Hash(i))).Reverse().ToList();
            lines.Insert(20, "not a line\n");
            File.WriteAllText(path, "workflow-state 1\n" + string.Concat(lines));
            var state = StateCache.Load(path, keepUnseen: true);

            // When
            var answers = Enumerable.Range(0, 50).Select(i => state.Lookup(Key(i), Old(i))).ToList();
            state.Record(Key(77), Old(77), Hash(77), trusted: true);
            state.Save();

            // Then: a line out of order may be missed (that file is hashed again), never answered wrongly, and no
            // entry is lost
            Assert.That(answers.Select((a, i) => a is null || a == Hash(i)), Is.All.True);
            var saved = StateCache.Load(path);
            Assert.That(Enumerable.Range(0, 50).Append(77).Where(i => saved.Lookup(Key(i), Old(i)) != Hash(i)), Is.Empty);
        }
    }
}
