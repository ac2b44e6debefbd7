using System.Diagnostics;
using Workflow.Cache;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

/// <summary>Outputs hard-linked to read-only blobs: one copy on disk, and a hand edit never serves wrong bytes.</summary>
public sealed class StageRunnerLinkTests
{
    private static readonly string[] Inputs = ["data/a.txt", "data/b.txt"];
    private static readonly RunnerOptions HardLinks = new() { Links = [LinkType.Reflink, LinkType.Hardlink, LinkType.Copy] };

    private static TextStage Upper() => new("Upper", Inputs, s => s.ToUpperInvariant());

    private static (TempDirectory Temp, Workspace Workspace, string Blob) Built(bool aged = false)
    {
        var temp = new TempDirectory();
        temp.Write("data/a.txt", "alpha");
        temp.Write("data/b.txt", "beta");
        // Inputs older than the state cache's racy window are trusted by stat, so units get stamps.
        if (aged) foreach (var file in Inputs) File.SetLastWriteTimeUtc(temp.Combine(file), DateTime.UtcNow.AddMinutes(-1));
        var workspace = new Workspace(temp.Path);
        new StageRunner(workspace, options: HardLinks).Run(Upper());
        return (temp, workspace, new ObjectStore(temp.Combine(".workflow/cache/objects")).PathOf(ContentHash.OfText("ALPHA")));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public sealed class TheRunMethod
    {
        [Test]
        public void Should_Keep_One_Read_Only_Copy_Of_Each_Output()
        {
            // Given / When
            var (temp, _, blob) = Built();
            using var __ = temp;

            // Then: ext4 has no reflinks, so the output is a hard link to its blob
            var output = FileStat.Of(temp.Combine("artifacts/Upper/a.txt"))!.Value;
            Assert.That(output.Inode, Is.EqualTo(FileStat.Of(blob)!.Value.Inode));
            Assert.That(File.GetUnixFileMode(blob) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite), Is.EqualTo(UnixFileMode.None));
        }

        [Test]
        public void Should_Refuse_An_Edit_Of_A_Linked_Output_By_A_User()
        {
            if (!OperatingSystem.IsLinux() || !File.Exists("/usr/sbin/runuser"))
                Assert.Ignore("needs Linux and runuser to act as an unprivileged user");
            // Given: the workspace readable and its folders writable by everyone, as a user's own checkout is
            var (temp, _, blob) = Built();
            using var __ = temp;
            foreach (var dir in Directory.EnumerateDirectories(temp.Path, "*", SearchOption.AllDirectories).Append(temp.Path))
                File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
            var output = temp.Combine("artifacts/Upper/a.txt");

            // When: an unprivileged process writes to the output in place
            var edit = Process.Start(new ProcessStartInfo("/usr/sbin/runuser", ["-u", "nobody", "--", "sh", "-c", $"echo edited > '{output}'"])
            {
                RedirectStandardError = true,
            })!;
            var error = edit.StandardError.ReadToEnd();
            edit.WaitForExit();

            // Then: the read-only blob protected itself
            Assert.That(edit.ExitCode, Is.Not.Zero);
            Assert.That(error, Does.Contain("Permission denied"));
            Assert.That(File.ReadAllText(blob), Is.EqualTo("ALPHA"));
        }

        [Test]
        public void Should_Restore_An_Output_Replaced_By_An_Editor_And_Leave_The_Blob_Alone()
        {
            // Given: the usual editor save, a new file renamed over the old
            var (temp, workspace, blob) = Built();
            using var __ = temp;
            temp.Write("artifacts/Upper/.a.txt.swp", "edited by hand");
            File.Move(temp.Combine("artifacts/Upper/.a.txt.swp"), temp.Combine("artifacts/Upper/a.txt"), overwrite: true);
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace, options: HardLinks).Run(stage);

            // Then
            Assert.That(stage.Runs, Is.Zero);
            Assert.That(decisions[0].Reason, Is.EqualTo("restored artifacts/Upper/a.txt (edited) from cache"));
            Assert.That(File.ReadAllText(temp.Combine("artifacts/Upper/a.txt")), Is.EqualTo("ALPHA"));
            Assert.That(File.ReadAllText(blob), Is.EqualTo("ALPHA"));
        }

        [Test]
        public void Should_Never_Serve_A_Blob_Edited_In_Place_Through_Its_Link()
        {
            // Given: root is not stopped by permissions, so this in-place write reaches the blob
            var (temp, workspace, blob) = Built();
            using var __ = temp;
            if (Environment.UserName != "root") Assert.Ignore("only root can write through the read-only link");
            File.WriteAllText(temp.Combine("artifacts/Upper/a.txt"), "EDITED");
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace, options: HardLinks).Run(stage);

            // Then: the changed stat sent the blob to be hashed; it was dropped and the unit rebuilt
            Assert.That(stage.Runs, Is.EqualTo(1));
            Assert.That(decisions[0].Reason, Is.EqualTo("cached copy of artifacts/Upper/a.txt is missing or corrupt"));
            Assert.That(File.ReadAllText(temp.Combine("artifacts/Upper/a.txt")), Is.EqualTo("ALPHA"));
            Assert.That(File.ReadAllText(blob), Is.EqualTo("ALPHA"));
        }

        [TestCase("deleted")]
        [TestCase("replaced")]
        public void Should_See_Through_The_Stamp_Of_A_Linked_Output_That_Its_Blob_Went(string how)
        {
            // Given: a no-op decided by stamps (the output vouches for its hard-linked blob), then the blob gone
            var (temp, workspace, blob) = Built(aged: true);
            using var __ = temp;
            var noop = new StageRunner(workspace, options: HardLinks).Run(Upper());
            if (how == "deleted") File.Delete(blob);
            else
            {
                temp.Write("other", "WRONG");
                File.Move(temp.Combine("other"), blob, overwrite: true);
            }
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace, options: HardLinks).Run(stage);

            // Then: the output's link count and ctime moved with the blob's unlink, so the unit was checked and rebuilt
            Assert.That(noop.Select(d => d.Reason), Is.All.EqualTo("unchanged"));
            Assert.That(stage.Runs, Is.EqualTo(1));
            Assert.That(decisions[0].Reason, Is.EqualTo("cached copy of artifacts/Upper/a.txt is missing or corrupt"));
            Assert.That(decisions[1].Reason, Is.EqualTo("unchanged"));
            Assert.That(File.ReadAllText(blob), Is.EqualTo("ALPHA"));
        }

        [Test]
        public void Should_Not_Write_Through_A_Link_When_A_Unit_Runs_Again()
        {
            // Given: TextStage writes its output in place, which would reach the blob through a hard link
            var (temp, workspace, blob) = Built();
            using var __ = temp;
            temp.Write("data/a.txt", "gamma");

            // When
            new StageRunner(workspace, options: HardLinks).Run(Upper());

            // Then
            Assert.That(File.ReadAllText(blob), Is.EqualTo("ALPHA"));
            Assert.That(File.ReadAllText(temp.Combine("artifacts/Upper/a.txt")), Is.EqualTo("GAMMA"));
        }
    }
}
