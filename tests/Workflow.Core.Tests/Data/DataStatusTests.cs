using Workflow.Data;
using Workflow.Tests.Fixtures;
using static Workflow.Tests.Fixtures.DataWorkspace;

namespace Workflow.Tests.Data;

public sealed class DataStatusTests
{
    public sealed class TheCheckMethod
    {
        [Test]
        public void Should_Report_Added_Modified_And_Deleted_Files()
        {
            // Given
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);
            workspace.WriteData("foo", "changed");
            File.Delete(workspace.Combine("data/bar"));
            workspace.WriteData("new/one", "1");

            // When
            var status = DataStatus.Check(workspace.Dvc, checkRemote: false);

            // Then
            Assert.That((status.Added, status.Modified, status.Deleted, status.Unchanged),
                Is.EqualTo((new[] { "new/one" }, new[] { "foo" }, new[] { "bar" }, 0)));
            Assert.That(status.IsClean, Is.False);
        }

        [Test]
        public void Should_Be_Clean_Without_Reading_Any_File_Once_The_State_Knows_Them()
        {
            // Given
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);

            // When
            var status = DataStatus.Check(workspace.Dvc, checkRemote: false);

            // Then
            Assert.That((status.IsClean, status.Unchanged, status.FilesHashed), Is.EqualTo((true, 2, 0)));
        }

        [Test]
        public void Should_Count_Every_File_As_Added_Without_Data_Dvc()
        {
            // Given
            using var workspace = new DataWorkspace();

            // When
            var status = DataStatus.Check(workspace.Dvc, checkRemote: false);

            // Then
            Assert.That((status.Recorded, status.Added, status.IsClean), Is.EqualTo(((DvcOut?)null, new[] { "bar", "foo" }, false)));
        }

        [Test]
        public void Should_List_The_Objects_The_Remote_Lacks_Listing_Included()
        {
            // Given: the remote has foo only
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);
            new ObjectDirectory(workspace.Remote).Add(workspace.Combine("data/foo"));

            // When
            var status = DataStatus.Check(workspace.Dvc);

            // Then
            Assert.That(status.RemoteName, Is.EqualTo("origin"));
            Assert.That(status.MissingOnRemote, Is.EqualTo(new[] { BarMd5, FooBarDir }));
            Assert.That(status.MissingOnRemotePaths, Is.EqualTo(new[] { "", "bar" }));
        }

        [Test]
        public void Should_Read_The_Listing_From_The_Remote_When_The_Cache_Lacks_It()
        {
            // Given: a clone whose cache is empty, with data/foo changed
            using var origin = new DataWorkspace();
            DataTracker.Commit(origin.Dvc);
            DataPusher.Push(origin.Dvc);
            using var clone = origin.Clone();
            clone.WriteData("foo", "mine");
            clone.WriteData("bar", "bar");

            // When
            var status = DataStatus.Check(clone.Dvc);

            // Then
            Assert.That((status.Modified, status.MissingOnRemote), Is.EqualTo((new[] { "foo" }, Array.Empty<string>())));
        }

        [TestCase("outs: [unclosed\n", "line 1: '[unclosed' uses YAML that Workflow does not read")]
        [TestCase("md5: acbd18db4cc2f85cedef654fccc4a4d8\n", "it has no `outs`")]
        public void Should_Throw_When_Data_Dvc_Is_Not_Valid(string text, string why)
        {
            // Given
            using var workspace = new DataWorkspace();
            File.WriteAllText(workspace.Combine("data.dvc"), text);

            // When
            var error = Assert.Throws<WorkflowException>(() => DataStatus.Check(workspace.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"data.dvc is not valid: {why}; restore it with `git checkout data.dvc` or re-create it with TrackData."));
        }

        [Test]
        public void Should_Throw_When_The_Local_Remote_Does_Not_Exist()
        {
            // Given
            using var workspace = new DataWorkspace(remoteUrl: "/nonexistent/dvc-remote");
            DataTracker.Commit(workspace.Dvc);

            // When
            var error = Assert.Throws<WorkflowException>(() => DataStatus.Check(workspace.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                "The remote 'origin' (/nonexistent/dvc-remote) does not exist; check its url in .dvc/config (is the share "
                + "mounted?), or run PushData from a machine that has the data."));
        }
    }
}
