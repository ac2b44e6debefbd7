using Workflow.Data;
using Workflow.Tests.Fixtures;
using static Workflow.Tests.Fixtures.DataWorkspace;

namespace Workflow.Tests.Data;

public sealed class DataTrackerCommitTests
{
    public sealed class TheCommitMethod
    {
        [Test]
        public void Should_Write_Data_Dvc_And_The_Cache_As_Dvc_Does_For_The_Foo_Bar_Vector()
        {
            // Given
            using var workspace = new DataWorkspace();

            // When
            var result = DataTracker.Commit(workspace.Dvc);

            // Then: DVC 3.x's published data.dvc and cache layout for data/{foo,bar}
            Assert.That(workspace.Read("data.dvc"), Is.EqualTo(
                $"outs:\n- md5: {FooBarDir}\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n"));
            Assert.That(workspace.Files(".dvc/cache"), Is.EqualTo(new[]
            {
                "files/md5/37/b51d194a7513e45b56f6524f2d51f2",
                "files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir",
                "files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8",
            }));
            Assert.That(workspace.Read(".dvc/cache/files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir"), Is.EqualTo(
                $"[{{\"md5\": \"{BarMd5}\", \"relpath\": \"bar\"}}, {{\"md5\": \"{FooMd5}\", \"relpath\": \"foo\"}}]"));
            Assert.That((result.Added, result.ObjectsStored, result.FilesHashed, result.DvcFileWritten),
                Is.EqualTo((new[] { "bar", "foo" }, 3, 2, true)));
        }

        [Test]
        public void Should_Report_Changes_Against_The_Previous_Data_Dvc_And_Rehash_Only_Changed_Files()
        {
            // Given
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);
            workspace.WriteData("foo", "foo2");
            File.Delete(workspace.Combine("data/bar"));
            workspace.WriteData("sub/baz", "baz");

            // When
            var result = DataTracker.Commit(workspace.Dvc);

            // Then
            Assert.That(result.ComparedWithPrevious, Is.True);
            Assert.That((result.Added, result.Modified, result.Deleted),
                Is.EqualTo((new[] { "sub/baz" }, new[] { "foo" }, new[] { "bar" })));
            Assert.That((result.FilesHashed, result.ObjectsStored), Is.EqualTo((2, 3)));
            Assert.That(result.Previous!.Md5, Is.EqualTo(FooBarDir));
            Assert.That(DvcFile.Read(workspace.Combine("data.dvc")), Is.EqualTo(result.Out));
        }

        [Test]
        public void Should_Hash_Nothing_And_Write_Nothing_When_Nothing_Changed()
        {
            // Given
            using var workspace = new DataWorkspace();
            DataTracker.Commit(workspace.Dvc);
            var written = File.GetLastWriteTimeUtc(workspace.Combine("data.dvc"));

            // When
            var result = DataTracker.Commit(workspace.Dvc);

            // Then
            Assert.That((result.FilesHashed, result.ObjectsStored, result.DvcFileWritten), Is.EqualTo((0, 0, false)));
            Assert.That(File.GetLastWriteTimeUtc(workspace.Combine("data.dvc")), Is.EqualTo(written));
        }

        [Test]
        public void Should_Replace_An_Invalid_Data_Dvc_And_Keep_Its_Bytes()
        {
            // Given
            using var workspace = new DataWorkspace();
            File.WriteAllText(workspace.Combine("data.dvc"), "outs: [unclosed\n");

            // When
            var result = DataTracker.Commit(workspace.Dvc);

            // Then
            Assert.That(result.InvalidDvcFileBackup, Is.EqualTo(workspace.Combine(".dvc/tmp/data.dvc.invalid")));
            Assert.That(workspace.Read(".dvc/tmp/data.dvc.invalid"), Is.EqualTo("outs: [unclosed\n"));
            Assert.That(DvcFile.Read(workspace.Combine("data.dvc")).Md5, Is.EqualTo(FooBarDir));
        }

        [Test]
        public void Should_Throw_And_Leave_Data_Dvc_Alone_When_The_Cache_Is_Read_Only()
        {
            // Given: an immutable cache folder (chattr +i also binds root, who ignores permission bits)
            using var workspace = new DataWorkspace();
            using var readOnly = ReadOnlyFolder.Create(workspace.Combine(".dvc/cache"));

            // When
            var error = Assert.Throws<WorkflowException>(() => DataTracker.Commit(workspace.Dvc));

            // Then
            Assert.That(error.Message, Does.StartWith($"The cache {workspace.Combine(".dvc/cache")} is not writable ("));
            Assert.That(error.Message, Does.EndWith(
                "); make it writable (e.g. `chmod -R u+w .dvc/cache`) or free some space, then run again. Nothing in "
                + "data/ or data.dvc was changed."));
            Assert.That(File.Exists(workspace.Combine("data.dvc")), Is.False);
            Assert.That(workspace.Files("data"), Is.EqualTo(new[] { "bar", "foo" }));
        }

        [Test]
        public void Should_Throw_When_There_Is_No_Data_Directory()
        {
            // Given
            using var workspace = new DataWorkspace(withData: false);

            // When
            var error = Assert.Throws<WorkflowException>(() => DataTracker.Commit(workspace.Dvc));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{workspace.Combine("data")} does not exist; put the data there before tracking it."));
        }
    }
}
