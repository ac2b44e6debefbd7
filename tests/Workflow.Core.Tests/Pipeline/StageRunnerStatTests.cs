using Workflow.Cache;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

/// <summary>The runner's use of the state cache: unchanged files are trusted by stat, anything else is hashed again.</summary>
public sealed class StageRunnerStatTests
{
    private static readonly string[] Inputs = ["data/a.txt", "data/b.txt"];

    private static TextStage Upper() => new("Upper", Inputs, s => s.ToUpperInvariant());

    private static (TempDirectory Temp, Workspace Workspace) NewWorkspace()
    {
        var temp = new TempDirectory();
        temp.Write("data/a.txt", "alpha");
        temp.Write("data/b.txt", "beta");
        // Older than the state cache's racy window, as data usually is, so the first build records it.
        foreach (var file in Inputs) File.SetLastWriteTimeUtc(temp.Combine(file), DateTime.UtcNow.AddMinutes(-1));
        return (temp, new Workspace(temp.Path));
    }

    private static string StatePath(TempDirectory temp) => temp.Combine(".workflow/state/files");

    /// <summary>Rewrites the recorded hash of <paramref name="path"/>: what the runner then uses shows whether it read the file.</summary>
    private static void PlantHash(TempDirectory temp, string path, string hash)
    {
        Assert.That(Bookkeeping.Lines(StatePath(temp)).Count(l => l.EndsWith(" " + path, StringComparison.Ordinal)), Is.EqualTo(1), $"no state entry for {path}");
        Bookkeeping.Edit(StatePath(temp), l => l.EndsWith(" " + path, StringComparison.Ordinal) ? hash + l[l.IndexOf(' ', StringComparison.Ordinal)..] : l);
    }

    // A real key: 64 hex digits, not a planted one.
    private static string ContentKey(string key) => key.Length == 64 && key.All(char.IsAsciiHexDigitLower) ? key : "not a real key: " + key;

    /// <summary>Rewrites field <paramref name="field"/> (1 = key, 4 = stamp) of every unit line of the stage's history.</summary>
    private static void EditHistory(TempDirectory temp, string stage, int field, Func<string, string> edit)
    {
        Bookkeeping.Edit(temp.Combine($".workflow/state/{stage}.history"), l =>
        {
            if (!l.StartsWith("U\t", StringComparison.Ordinal)) return l;
            var fields = l.Split('\t');
            fields[field] = edit(fields[field]);
            return string.Join('\t', fields);
        });
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public sealed class TheRunMethod
    {
        [Test]
        public void Should_Decide_A_Unit_Whose_Stamp_Is_Unchanged_Without_Hashing_Or_Lookups()
        {
            // Given: the history's keys replaced; the stamps (stats of every input, output and blob) still match
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            EditHistory(temp, "Upper", 1, key => "planted-" + key[..8]);
            Directory.Delete(StatePath(temp), recursive: true);

            // When
            var decisions = new StageRunner(workspace).Run(Upper());

            // Then: the planted keys were believed, so nothing was hashed (nor the state cache needed)
            Assert.That(decisions.Select(d => d.Key), Is.All.StartsWith("planted-"));
            Assert.That(decisions.Select(d => d.Reason), Is.All.EqualTo("unchanged"));
            Assert.That(Directory.Exists(StatePath(temp)), Is.False);
        }

        [Test]
        public void Should_Decide_Only_The_Unit_Whose_Stamp_Moved_The_Long_Way()
        {
            // Given: planted keys, then a.txt edited
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            EditHistory(temp, "Upper", 1, key => "planted-" + key[..8]);
            temp.Write("data/a.txt", "alpha, edited");
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace).Run(stage);
            var again = new StageRunner(workspace).Run(Upper());

            // Then: a.txt's unit ran under its real key; b.txt's was decided by its stamp (so kept the planted key)
            Assert.That(stage.Runs, Is.EqualTo(1));
            Assert.That((decisions[0].Status, decisions[0].Key), Is.EqualTo((UnitDecision.Ran, ContentKey(decisions[0].Key))));
            Assert.That(decisions[1].Key, Does.StartWith("planted-"));
            Assert.That((again[0].Reason, again[0].Key), Is.EqualTo(("unchanged", decisions[0].Key)), "the new stamp holds on the next build");
        }

        [Test]
        public void Should_Not_Read_An_Input_Whose_Stat_Is_Unchanged()
        {
            // Given: the state cache says a.txt hashes to something else, and its stat still matches (no stamps, so
            // the state cache is asked)
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            EditHistory(temp, "Upper", 4, _ => "-");
            PlantHash(temp, temp.Combine("data/a.txt"), ContentHash.OfText("planted"));

            // When
            var decisions = new StageRunner(workspace).Run(Upper());

            // Then: the planted hash was believed (so the file was not read) and b.txt stayed unchanged
            Assert.That(decisions[0].Reason, Is.EqualTo("input data/a.txt changed"));
            Assert.That(decisions[1].Reason, Is.EqualTo("unchanged"));
        }

        [Test]
        public void Should_Hash_Again_After_A_Touch_And_Keep_The_Key()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var first = new StageRunner(workspace).Run(Upper());
            PlantHash(temp, temp.Combine("data/a.txt"), ContentHash.OfText("planted"));
            File.SetLastWriteTimeUtc(temp.Combine("data/a.txt"), DateTime.UtcNow.AddMinutes(-2)); // touch: new stat, same bytes
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace).Run(stage);

            // Then: the stale entry was not trusted, the bytes were hashed again and gave the same key
            Assert.That(stage.Runs, Is.Zero);
            Assert.That(decisions.Select(d => d.Reason), Is.All.EqualTo("unchanged"));
            Assert.That(decisions.Select(d => d.Key), Is.EqualTo(first.Select(d => d.Key)));
            Assert.That(Bookkeeping.Text(StatePath(temp)), Does.Contain(ContentHash.OfText("alpha")));
        }

        [Test]
        public void Should_Hand_A_Stage_That_Asks_The_Bytes_It_Read_To_Hash_Its_Input_And_None_When_The_Stat_Vouched()
        {
            // Given: a stage that reads its inputs whole, and one that does not ask
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var asking = new TextStage("Upper", Inputs, s => s.ToUpperInvariant()) { SharesInputBytesUpTo = 1 << 20 };

            // When: a cold build, then a build after the outputs were deleted (the inputs' hashes known by their stat)
            new StageRunner(workspace).Run(asking);
            var cold = asking.HandedBytes.ToDictionary(p => p.Key, p => p.Value);
            Directory.Delete(temp.Combine("artifacts/Upper"), recursive: true);
            Directory.Delete(temp.Combine(".workflow/cache"), recursive: true); // no stored result: the units run
            asking.HandedBytes.Clear();
            new StageRunner(workspace).Run(asking);
            var warm = asking.HandedBytes.ToDictionary(p => p.Key, p => p.Value);
            var plain = Upper();
            Directory.Delete(temp.Combine(".workflow"), recursive: true);
            new StageRunner(workspace).Run(plain);

            // Then
            Assert.That(cold, Is.EqualTo(new Dictionary<string, string?> { ["a.txt"] = "alpha", ["b.txt"] = "beta" }));
            Assert.That(warm, Is.EqualTo(new Dictionary<string, string?> { ["a.txt"] = null, ["b.txt"] = null }));
            Assert.That(plain.HandedBytes.Values, Is.All.Null);
            Assert.That(File.ReadAllText(temp.Combine("artifacts/Upper/a.txt")), Is.EqualTo("ALPHA"));
        }

        [Test]
        public void Should_Use_A_History_Read_Ahead_Only_If_No_Build_Changed_It_Since()
        {
            // Given: one runner reads the histories ahead; then another build edits a.txt's unit's result
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            var early = new StageRunner(workspace);
            early.ReadAhead();
            temp.Write("data/a.txt", "gamma");
            File.SetLastWriteTimeUtc(temp.Combine("data/a.txt"), DateTime.UtcNow.AddMinutes(-1));
            new StageRunner(workspace).Run(Upper());
            var quiet = new StageRunner(workspace);
            quiet.ReadAhead(); // after that build: current

            // When
            var decisions = early.Run(Upper());

            // Then: the first read-ahead was stale, so the history was read again (with the stale one, a.txt's unit would
            // have been "found in cache (input data/a.txt changed)"); the second was current
            Assert.That(decisions.Select(d => d.Reason), Is.All.EqualTo("unchanged"));
            Assert.That(File.ReadAllText(temp.Combine("artifacts/Upper/a.txt")), Is.EqualTo("GAMMA"));
            Assert.That(quiet.Run(Upper()).Select(d => d.Reason), Is.All.EqualTo("unchanged"));
        }

        [Test]
        public void Should_Catch_A_Same_Size_Edit_Whose_Mtime_Was_Put_Back()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            var path = temp.Combine("data/a.txt");
            var mtime = File.GetLastWriteTimeUtc(path);
            File.WriteAllText(path, "ALPHA"); // same size, same inode
            File.SetLastWriteTimeUtc(path, mtime);
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace).Run(stage);

            // Then: ctime moved, so the file was hashed again
            Assert.That(stage.Runs, Is.EqualTo(1));
            Assert.That(decisions[0].Reason, Is.EqualTo("input data/a.txt changed"));
        }

        [Test]
        public void Should_Catch_A_Same_Size_File_Put_In_Place_With_The_Old_Mtime()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            var path = temp.Combine("data/b.txt");
            var mtime = File.GetLastWriteTimeUtc(path);
            temp.Write("new.txt", "BETA");
            File.SetLastWriteTimeUtc(temp.Combine("new.txt"), mtime);
            File.Move(temp.Combine("new.txt"), path, overwrite: true); // another inode

            // When
            var decisions = new StageRunner(workspace).Run(Upper());

            // Then
            Assert.That(decisions[1].Reason, Is.EqualTo("input data/b.txt changed"));
        }

        [Test]
        public void Should_Trust_A_Blob_By_Stat_Unless_Verifying()
        {
            // Given: a blob changed in place, then its state entry made to match (as bit rot would leave it)
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            var blob = new ObjectStore(temp.Combine(".workflow/cache/objects")).PathOf(ContentHash.OfText("ALPHA"));
            File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.WriteAllText(blob, "ROTTEN");
            var stat = FileStat.Of(blob)!.Value;
            Bookkeeping.Edit(StatePath(temp), l => l.EndsWith(" " + blob, StringComparison.Ordinal)
                ? $"{ContentHash.OfText("ALPHA")} {stat.Size} {stat.MtimeNs} {stat.CtimeNs} {stat.Inode} {blob}" : l);
            var stage = Upper();

            // When
            var trusted = new StageRunner(workspace).Run(stage);
            var verified = new StageRunner(workspace, options: new RunnerOptions { Verify = true }).Run(stage);

            // Then
            Assert.That(trusted[0].Reason, Is.EqualTo("unchanged"));
            Assert.That(stage.Runs, Is.EqualTo(1));
            Assert.That(verified[0].Reason, Is.EqualTo("cached copy of artifacts/Upper/a.txt is missing or corrupt"));
            Assert.That(ContentHash.OfFile(blob), Is.EqualTo(ContentHash.OfText("ALPHA")));
        }
    }
}
