using Newtonsoft.Json.Linq;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

public sealed class UnitHistoryTests
{
    private static SortedDictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    // The parameter-set lines of each shard of the stage's history.
    private static List<string[]> ParameterSets(TempDirectory temp) => Bookkeeping.Files(temp.Combine("Stage.history"))
        .Select(f => System.Text.Encoding.UTF8.GetString(Workflow.Cache.PackedFile.Read(f)).Split('\n').Where(l => l.StartsWith("P\t", StringComparison.Ordinal)).ToArray())
        .ToList();

    private static UnitRecord Record(string key, string stamp = "s") =>
        new(key, 1, new JObject { ["p"] = 1 }, Map(("data/" + key, "in-" + key)), Map(("artifacts/" + key, "out-" + key)), stamp);

    public sealed class TheSaveMethod
    {
        [Test]
        public void Should_Rewrite_Only_The_Shard_Of_A_Changed_Unit()
        {
            // Given: 200 units saved
            using var temp = new TempDirectory();
            var names = Enumerable.Range(0, 200).Select(i => $"u{i:D3}").ToList();
            UnitHistory.Load(temp.Path, "Stage").Save(names.Select(n => KeyValuePair.Create(n, (UnitRecord?)Record(n))));
            var directory = temp.Combine("Stage.history");
            var before = Enumerable.Range(0, Workflow.Cache.Shards.Count).Select(i => Workflow.Cache.FileStat.Of(Workflow.Cache.Shards.PathOf(directory, i))).ToList();

            // When: u007 ran again with another result, every other unit kept
            UnitHistory.Load(temp.Path, "Stage").Save(names.Select(n => KeyValuePair.Create(n, n == "u007" ? Record(n, "new") : null)));

            // Then
            var after = Enumerable.Range(0, Workflow.Cache.Shards.Count).Select(i => Workflow.Cache.FileStat.Of(Workflow.Cache.Shards.PathOf(directory, i))).ToList();
            Assert.That(Enumerable.Range(0, Workflow.Cache.Shards.Count).Where(i => after[i] != before[i]), Is.EqualTo(new[] { Workflow.Cache.Shards.Of("u007") }));
            var loaded = UnitHistory.Load(temp.Path, "Stage");
            Assert.That(loaded.Count, Is.EqualTo(200));
            Assert.That((loaded.Peek("u007")!.Stamp, loaded.Peek("u008")!.Stamp), Is.EqualTo(("new", "s")));
        }

        [Test]
        public void Should_Read_A_Plain_History_And_Move_It_Into_Shards()
        {
            // Given: the one plain file earlier versions wrote
            using var temp = new TempDirectory();
            temp.Write("Stage.history", "workflow-history 3\nP\t{\"p\":1}\nU\tk1\t1\t0\ts1\ta\nI\tin1\tdata/a\nO\tout1\tartifacts/a\n"
                + "U\tk2\t1\t0\ts2\tb\nI\tin2\tdata/b\nO\tout2\tartifacts/b\n");
            var history = UnitHistory.Load(temp.Path, "Stage");
            Assert.That((history.Peek("a")!.Key, history.Peek("b")!.OutputHash("artifacts/b")), Is.EqualTo(("k1", "out2")));

            // When: b kept, a replaced
            history.Save([KeyValuePair.Create("a", (UnitRecord?)Record("k3")), KeyValuePair.Create("b", (UnitRecord?)null)]);

            // Then
            Assert.That(Directory.Exists(temp.Combine("Stage.history")), Is.True);
            var loaded = UnitHistory.Load(temp.Path, "Stage");
            Assert.That((loaded.Count, loaded.Peek("a")!.Key, loaded.Get("b")!.Inputs["data/b"]), Is.EqualTo((2, "k3", "in2")));
        }

        [Test]
        public void Should_Lose_Only_The_Units_Of_A_Damaged_Shard()
        {
            // Given
            using var temp = new TempDirectory();
            var names = Enumerable.Range(0, 100).Select(i => $"u{i:D3}").ToList();
            UnitHistory.Load(temp.Path, "Stage").Save(names.Select(n => KeyValuePair.Create(n, (UnitRecord?)Record(n))));
            var damaged = Workflow.Cache.Shards.PathOf(temp.Combine("Stage.history"), Workflow.Cache.Shards.Of("u000"));
            File.WriteAllText(damaged, "workflow-history 3\nU\tcut short");

            // When
            var loaded = UnitHistory.Load(temp.Path, "Stage");

            // Then
            Assert.That(names.Where(n => loaded.Peek(n) is not null),
                Is.EquivalentTo(names.Where(n => Workflow.Cache.Shards.Of(n) != Workflow.Cache.Shards.Of("u000"))));
        }

        [Test]
        public void Should_Round_Trip_Records_With_Any_Name_And_Write_Each_Parameter_Set_Once()
        {
            // Given
            using var temp = new TempDirectory();
            var shared = new JObject { ["features"] = new JObject { ["nMfcc"] = 13 } };
            var names = new[] { "plain", "with\ttab", "new\nline", "back\\slash\\n", "cr\r" };
            var records = names.Select((n, i) => KeyValuePair.Create(n, (UnitRecord?)new UnitRecord(
                $"key{i}", 2, i == 0 ? new JObject { ["other"] = 1 } : shared,
                Map(($"data/{n}", $"in{i}")), Map(($"artifacts/{n}", $"out{i}")), i == 1 ? null : $"stamp{i}"))).ToList();

            // When
            UnitHistory.Load(temp.Path, "Stage").Save(records);
            var loaded = UnitHistory.Load(temp.Path, "Stage");

            // Then
            foreach (var (name, record) in records)
            {
                var back = loaded.Get(name);
                Assert.That(back, Is.Not.Null, name);
                Assert.That((back!.Key, back.Version, back.Inputs, back.Outputs, back.Stamp),
                    Is.EqualTo((record!.Key, record.Version, record.Inputs, record.Outputs, record.Stamp)), name);
                Assert.That(JToken.DeepEquals(back.Parameters, record.Parameters), name);
            }
            Assert.That(ParameterSets(temp), Is.All.Matches<string[]>(sets => sets!.Length > 0 && sets!.Distinct().Count() == sets.Length));
            Assert.That(ParameterSets(temp).SelectMany(s => s).Distinct().Count(), Is.EqualTo(2));
        }

        [Test]
        public void Should_Copy_A_Kept_Unit_As_It_Was_And_Replace_The_Others()
        {
            // Given: two units saved, then loaded
            using var temp = new TempDirectory();
            var parameters = new JObject { ["features"] = new JObject { ["nMfcc"] = 13 } };
            UnitRecord Record(string key, string stamp) => new(key, 1, parameters, Map(("data/a", "in-" + key)), Map(("artifacts/a", "out-" + key)), stamp);
            UnitHistory.Load(temp.Path, "Stage").Save([KeyValuePair.Create("a", (UnitRecord?)Record("k1", "s1")), KeyValuePair.Create("b", (UnitRecord?)Record("k2", "s2"))]);
            var loaded = UnitHistory.Load(temp.Path, "Stage");

            // When: "a" is kept, "b" replaced, and "c" gone
            loaded.Save([KeyValuePair.Create("b", (UnitRecord?)Record("k3", "s3")), KeyValuePair.Create("a", (UnitRecord?)null)]);
            var again = UnitHistory.Load(temp.Path, "Stage");

            // Then
            Assert.That(again.Count, Is.EqualTo(2));
            Assert.That(again.Get("a"), Is.EqualTo(loaded.Get("a")).Using<UnitRecord>((x, y) => x.Key == y.Key && x.Stamp == y.Stamp
                && x.Inputs.SequenceEqual(y.Inputs) && x.Outputs!.SequenceEqual(y.Outputs!)));
            Assert.That((again.Peek("b")!.Key, again.Peek("b")!.Stamp, again.Peek("b")!.Outputs()["artifacts/a"]), Is.EqualTo(("k3", "s3", "out-k3")));
            Assert.That(ParameterSets(temp), Is.All.Length.EqualTo(1));
        }

        [Test]
        public void Should_Write_The_Same_Bytes_Whether_Kept_Units_Are_Copied_Or_Written_Anew()
        {
            // Given: units a to f, a with other parameters (set 0) than the rest (set 1)
            using var temp = new TempDirectory();
            var other = new JObject { ["other"] = 1 };
            var shared = new JObject { ["features"] = new JObject { ["nMfcc"] = 13 } };
            UnitRecord Record(string name, JObject parameters, string key = "k") =>
                new(key + name, 1, parameters, Map(($"data/{name}", "in-" + name)), Map(($"artifacts/{name}", "out-" + name), ($"artifacts/{name}.json", "meta")), "s" + name);
            var names = new[] { "a", "b", "c", "d", "e", "f" };
            UnitHistory.Load(temp.Path, "Stage").Save(names.Select(n => KeyValuePair.Create(n, (UnitRecord?)Record(n, n == "a" ? other : shared))));
            var loaded = UnitHistory.Load(temp.Path, "Stage");

            // When: a now has the shared parameters (so the others' set is numbered 0), d is rerun, the rest kept
            var changed = new Dictionary<string, UnitRecord> { ["a"] = Record("a", shared), ["d"] = Record("d", shared, "k2") };
            loaded.Save(names.Select(n => KeyValuePair.Create(n, changed.GetValueOrDefault(n))));
            var saved = Bookkeeping.Text(temp.Combine("Stage.history"));
            var again = UnitHistory.Load(temp.Path, "Stage");
            again.Save(names.Select(n => KeyValuePair.Create(n, (UnitRecord?)null)));

            // Then: what a save of every record written anew gives, and copying it again changes nothing
            using var fresh = new TempDirectory();
            UnitHistory.Load(fresh.Path, "Stage").Save(names.Select(n => KeyValuePair.Create(n, (UnitRecord?)(changed.GetValueOrDefault(n) ?? Record(n, shared)))));
            Assert.That(saved, Is.EqualTo(Bookkeeping.Text(fresh.Combine("Stage.history"))));
            Assert.That(Bookkeeping.Text(temp.Combine("Stage.history")), Is.EqualTo(saved));
        }

        [TestCase("")]
        [TestCase("workflow-history 3\nU\tk\tnot-a-number\t0\t-\tname\n")]
        [TestCase("workflow-history 3\nU\tk\t1\t5\t-\tname\n")]
        [TestCase("workflow-history 3\nX\tjunk\n")]
        [TestCase("workflow-history 3\nP\t{}\nU\tk\t1\t0\t-\tname")]
        [TestCase("workflow-history 2\nP\t{}\nU\tk\t1\t0\tname\n")]
        [TestCase("{\"old\": \"json\"}")]
        public void Should_Treat_An_Unreadable_History_As_No_Previous_Run(string text)
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("Stage.history", text);

            // When
            var history = UnitHistory.Load(temp.Path, "Stage");

            // Then
            Assert.That(history.Get("name"), Is.Null);
        }
    }

    public sealed class TheIsCurrentMethod
    {
        [Test]
        public void Should_Say_Whether_Any_File_It_Was_Read_From_Changed_Since()
        {
            // Given
            using var temp = new TempDirectory();
            var names = Enumerable.Range(0, 50).Select(i => $"u{i:D3}").ToList();
            var empty = UnitHistory.Load(temp.Path, "Stage");
            UnitHistory.Load(temp.Path, "Stage").Save(names.Select(n => KeyValuePair.Create(n, (UnitRecord?)Record(n))));
            var read = UnitHistory.Load(temp.Path, "Stage");
            var unchanged = read.IsCurrent();

            // When: another build saves one changed unit
            UnitHistory.Load(temp.Path, "Stage").Save(names.Select(n => KeyValuePair.Create(n, n == "u007" ? Record(n, "new") : null)));

            // Then
            Assert.That((empty.IsCurrent(), unchanged, read.IsCurrent(), UnitHistory.Load(temp.Path, "Stage").IsCurrent()),
                Is.EqualTo((false, true, false, true)));
        }
    }

    public sealed class TheOutputHashMethodOfAnEntry
    {
        [Test]
        public void Should_Find_Each_Output_By_Its_Exact_Name_And_Nothing_Else()
        {
            // Given
            using var temp = new TempDirectory();
            var outputs = Map(("artifacts/é/a.mfcc", "h1"), ("artifacts/new\nline\\x", "h2"), ("artifacts/" + new string('x', 300), "h3"));
            var record = new UnitRecord("k", 1, new JObject(), Map(("data/a", "in")), outputs, "s");
            UnitHistory.Load(temp.Path, "Stage").Save([KeyValuePair.Create("u", (UnitRecord?)record)]);

            // When
            var entry = UnitHistory.Load(temp.Path, "Stage").Peek("u")!;

            // Then
            Assert.That(outputs.Keys.Select(entry.OutputHash), Is.EqualTo(outputs.Values));
            Assert.That(entry.OutputHash("artifacts/é/a"), Is.Null);
            Assert.That(entry.OutputHash("data/a"), Is.Null);
        }
    }
}
