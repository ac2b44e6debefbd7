using Workflow.Data;
using Workflow.Tests.Fixtures;
using static Workflow.Tests.Fixtures.DataWorkspace;

namespace Workflow.Tests.Data;

public sealed class DataPusherTests
{
    public sealed class ThePushMethod
    {
        [Test]
        public void Should_Send_Missing_Objects_Then_Nothing_On_A_Second_Push()
        {
            // Given
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);

            // When
            var first = DataPusher.Push(workspace.Dvc);
            var second = DataPusher.Push(workspace.Dvc);

            // Then
            Assert.That((first.Uploaded, first.AlreadyOnRemote, first.BytesUploaded), Is.EqualTo((3, 0, 6L)));
            Assert.That((second.Uploaded, second.AlreadyOnRemote), Is.EqualTo((0, 3)));
            var remote = new ObjectDirectory(workspace.Remote);
            Assert.That(new[] { FooMd5, BarMd5, FooBarDir }.Select(remote.Verify), Is.All.EqualTo(ObjectStatus.Present));
        }

        [Test]
        public void Should_Push_From_Data_When_The_Cache_Lacks_An_Unchanged_File()
        {
            // Given
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);
            File.Delete(workspace.Cache.PathFor(FooMd5));

            // When
            var result = DataPusher.Push(workspace.Dvc);

            // Then
            Assert.That(result.Uploaded, Is.EqualTo(3));
            Assert.That(new ObjectDirectory(workspace.Remote).Verify(FooMd5), Is.EqualTo(ObjectStatus.Present));
        }

        [Test]
        public void Should_Refuse_To_Push_A_Corrupt_Cache_Object()
        {
            // Given
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);
            File.WriteAllText(workspace.Cache.PathFor(FooMd5), "tampered");

            // When
            var error = Assert.Throws<WorkflowException>(() => DataPusher.Push(workspace.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{workspace.Cache.PathFor(FooMd5)} should hold object {FooMd5} but its bytes hash to "
                + $"{Md5.OfBytes("tampered"u8)}; it was changed or damaged. Delete it and run TrackData (or FetchData) "
                + "again, then PushData."));
            Assert.That(File.Exists(new ObjectDirectory(workspace.Remote).PathFor(FooMd5)), Is.False);
            Assert.That(File.Exists(new ObjectDirectory(workspace.Remote).PathFor(FooBarDir)), Is.False);
        }

        [Test]
        public void Should_Throw_Without_Data_Dvc()
        {
            // Given
            using var workspace = new DataWorkspace();

            // When
            var error = Assert.Throws<WorkflowException>(() => DataPusher.Push(workspace.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{workspace.Combine("data.dvc")} does not exist; run TrackData first to record data/, then PushData."));
        }

        [Test]
        public void Should_Throw_When_The_Default_Remote_Is_Missing_From_The_Config()
        {
            // Given
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);
            File.WriteAllText(workspace.Combine(".dvc/config"), "[core]\n    remote = gone\n");

            // When
            var error = Assert.Throws<WorkflowException>(() => DataPusher.Push(workspace.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{workspace.Combine(".dvc/config")} has no url for the remote 'gone'; add a ['remote \"gone\"'] section "
                + "with `url = ../dvc-remote` or restore it with `git checkout .dvc/config`."));
        }
    }
}
