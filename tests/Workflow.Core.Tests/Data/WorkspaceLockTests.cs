using System.Diagnostics;
using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

public sealed class WorkspaceLockTests
{
    public sealed class TheAcquireMethod
    {
        [Test]
        public void Should_Wait_Say_For_Whom_And_Give_Up_With_A_Clear_Message()
        {
            // Given: the lock held by this process
            using var workspace = new DataWorkspace();
            using var held = WorkspaceLock.Acquire(workspace.Dvc, "PushData", new DataOptions());
            var log = new StringWriter();
            var options = new DataOptions(LockTimeout: TimeSpan.FromMilliseconds(300)) { Log = log };

            // When
            var error = Assert.Throws<WorkflowException>(() => DataTracker.Commit(workspace.Dvc, options));

            // Then
            var pid = Environment.ProcessId;
            Assert.That(log.ToString(), Is.EqualTo(
                $"TrackData: waiting for another build (pid {pid}, PushData) holding .dvc/tmp/workflow.lock…{Environment.NewLine}"));
            Assert.That(error.Message, Is.EqualTo(
                $"Another build (pid {pid}, PushData) has held .dvc/tmp/workflow.lock in {workspace.Root} for over 0 s; "
                + "wait for it to finish or stop it, then run TrackData again."));
            Assert.That(File.Exists(workspace.Combine("data.dvc")), Is.False);
        }

        [Test]
        public void Should_Be_Free_Again_Once_Released()
        {
            // Given
            using var workspace = new DataWorkspace();
            WorkspaceLock.Acquire(workspace.Dvc, "FetchData", new DataOptions()).Dispose();

            // When
            var result = DataTracker.Commit(workspace.Dvc, new DataOptions(LockTimeout: TimeSpan.Zero));

            // Then
            Assert.That(result.Out.NFiles, Is.EqualTo(2));
        }
    }

    public sealed class BetweenProcesses
    {
        [Test]
        public void Should_Keep_Cache_Data_Dvc_And_Remote_Valid_Under_Parallel_Tracks_And_Pushes()
        {
            // Given: 300 files, and two processes tracking then two pushing at the same time
            using var workspace = new DataWorkspace();
            for (var i = 0; i < 300; i++) workspace.WriteData($"d{i % 7}/f{i}", $"content {i}");

            // When
            var tracks = new[] { DataScaleProgram.Start("track", workspace.Root), DataScaleProgram.Start("track", workspace.Root) };
            var trackLogs = tracks.Select(Finish).ToArray();
            var pushes = new[] { DataScaleProgram.Start("push", workspace.Root), DataScaleProgram.Start("push", workspace.Root) };
            var pushLogs = pushes.Select(Finish).ToArray();

            // Then
            Assert.That(tracks.Select(p => p.ExitCode), Is.All.Zero, string.Join("\n", trackLogs));
            Assert.That(pushes.Select(p => p.ExitCode), Is.All.Zero, string.Join("\n", pushLogs));
            var @out = DvcFile.Read(workspace.Combine("data.dvc"));
            Assert.That(@out, Is.EqualTo(DataTracker.Hash(workspace.Combine("data"))));
            var listing = DirListing.Parse(File.ReadAllBytes(workspace.Cache.PathFor(@out.Md5)), "cache");
            var remote = new ObjectDirectory(workspace.Remote);
            Assert.That(listing.Entries.Select(e => workspace.Cache.Verify(e.Md5)), Is.All.EqualTo(ObjectStatus.Present));
            Assert.That(listing.Entries.Select(e => remote.Verify(e.Md5)).Append(remote.Verify(@out.Md5)), Is.All.EqualTo(ObjectStatus.Present));
            Assert.That(Directory.EnumerateFiles(workspace.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        }

        private static string Finish(Process process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output.Result + error;
        }
    }
}
