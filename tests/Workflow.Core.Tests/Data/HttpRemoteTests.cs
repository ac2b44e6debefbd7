using Workflow.Data;
using Workflow.Tests.Fixtures;
using static Workflow.Tests.Fixtures.DataWorkspace;

namespace Workflow.Tests.Data;

/// <summary>The http remote against real servers on 127.0.0.1: nginx with WebDAV PUT, and an in-process flaky one.</summary>
[NonParallelizable]
public sealed class HttpRemoteTests
{
    private static readonly DataOptions Fast = new(Retries: 2, RetryDelay: TimeSpan.FromMilliseconds(10));

    public sealed class AgainstNginx
    {
        [Test]
        public void Should_Push_With_Put_Then_Fetch_Into_A_Fresh_Clone()
        {
            // Given
            using var nginx = new NginxServer();
            using var origin = new DataWorkspace(nginx.Url, "    method = PUT\n");
            DataTracker.Commit(origin.Dvc);

            // When
            var pushed = DataPusher.Push(origin.Dvc, Fast);
            using var clone = origin.Clone();
            var fetched = DataFetcher.Fetch(clone.Dvc, Fast);

            // Then
            Assert.That(pushed.Uploaded, Is.EqualTo(3));
            Assert.That(File.ReadAllText(Path.Combine(nginx.Root, "dvc-store/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8")), Is.EqualTo("foo"));
            Assert.That((fetched.Downloaded, clone.Read("data/foo"), clone.Read("data/bar")), Is.EqualTo((3, "foo", "bar")));
            Assert.That(DataStatus.Check(clone.Dvc, Fast).MissingOnRemote, Is.Empty);
        }

        [Test]
        public void Should_Report_What_The_Remote_Lacks()
        {
            // Given
            using var nginx = new NginxServer();
            using var workspace = new DataWorkspace(nginx.Url, "    method = PUT\n");
            DataTracker.Commit(workspace.Dvc);

            // When
            var status = DataStatus.Check(workspace.Dvc, Fast);

            // Then
            Assert.That(status.MissingOnRemote, Is.EqualTo(new[] { BarMd5, FooBarDir, FooMd5 }));
        }

        [Test]
        public void Should_Say_To_Set_The_Method_When_The_Server_Refuses_Post()
        {
            // Given: DVC's default upload method, which nginx's WebDAV module does not take
            using var nginx = new NginxServer();
            using var workspace = new DataWorkspace(nginx.Url);
            DataTracker.Commit(workspace.Dvc);

            // When
            var error = Assert.Throws<WorkflowException>(() => DataPusher.Push(workspace.Dvc, Fast));

            // Then
            Assert.That(error.Message, Does.Match(
                "^The remote 'origin' answered 40[45] Not (Allowed|Found) to POST http://127.0.0.1:\\d+/dvc-store/files/md5/[0-9a-f]{2}/[0-9a-f]{30}; "
                + "check the remote's url, `method` \\(now POST; WebDAV servers need PUT\\) and credentials in .dvc/config.$"));
        }

        [Test]
        public void Should_Refuse_A_Corrupt_Object_And_Leave_No_Partial_File()
        {
            // Given
            using var nginx = new NginxServer();
            using var origin = new DataWorkspace(nginx.Url, "    method = PUT\n");
            DataTracker.Commit(origin.Dvc);
            DataPusher.Push(origin.Dvc, Fast);
            File.WriteAllText(Path.Combine(nginx.Root, "dvc-store/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8"), "tampered");
            using var clone = origin.Clone();

            // When
            var error = Assert.Throws<WorkflowException>(() => DataFetcher.Fetch(clone.Dvc, Fast));

            // Then
            Assert.That(error.Message, Does.StartWith($"The remote 'origin' ({nginx.Url}) holds a corrupt object {FooMd5} for data/foo"));
            Assert.That(clone.Files("data"), Is.Empty);
            Assert.That(clone.Files(".dvc/cache"), Is.EqualTo(new[] { "files/md5/37/b51d194a7513e45b56f6524f2d51f2", "files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir" }).Or.EqualTo(new[] { "files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir" }));
        }
    }

    public sealed class AgainstAFlakyServer
    {
        [Test]
        public void Should_Retry_Two_503s_And_Then_Succeed()
        {
            // Given: a server that answers 503 twice, then works
            using var server = new FlakyHttpServer(failures: 2);
            using var workspace = new DataWorkspace(server.Url, "    method = PUT\n");
            DataTracker.Commit(workspace.Dvc);
            var log = new StringWriter();

            // When
            var result = DataPusher.Push(workspace.Dvc, Fast with { Jobs = 1, Log = log });

            // Then
            Assert.That(result.Uploaded, Is.EqualTo(3));
            Assert.That(server.Paths, Has.Count.EqualTo(3));
            Assert.That(log.ToString(), Does.Contain("answered 503 Service Unavailable; retrying (1/2)"));
            Assert.That(log.ToString(), Does.Contain("answered 503 Service Unavailable; retrying (2/2)"));
        }

        [Test]
        public void Should_Give_Up_With_A_Clear_Message_When_Failures_Outlast_The_Retries()
        {
            // Given
            using var server = new FlakyHttpServer(failures: 100);
            using var workspace = new DataWorkspace(server.Url);
            DataTracker.Commit(workspace.Dvc);

            // When
            var error = Assert.Throws<RemoteUnreachableException>(() => DataStatus.Check(workspace.Dvc, Fast with { Jobs = 1 }));

            // Then
            Assert.That(error.Message, Does.Match(
                $"^The remote 'origin' \\({server.Url}\\) is unreachable or failing: HEAD {server.Url}/files/md5/\\S+ answered "
                + "503 Service Unavailable \\(gave up checking \\S+ after 3 attempts\\); check its url in .dvc/config and "
                + "that the server is up, then run DataStatus again.$"));
        }
    }

    public sealed class AgainstAClosedPort
    {
        [Test]
        public void Should_Fail_Fetch_Clearly_And_Change_Nothing()
        {
            // Given: nothing listens on the port
            var url = $"http://127.0.0.1:{TestServers.FreePort()}/store";
            using var origin = new DataWorkspace();
            DataTracker.Commit(origin.Dvc);
            using var clone = origin.Clone();
            clone.Configure(url);

            // When
            var error = Assert.Throws<RemoteUnreachableException>(() => DataFetcher.Fetch(clone.Dvc, Fast));

            // Then
            Assert.That(error.Message, Does.StartWith(
                $"The remote 'origin' ({url}) is unreachable or failing: GET {url}/files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir failed (Connection refused"));
            Assert.That(error.Message, Does.EndWith(
                "(gave up downloading 5ea40360f5b4ec688df672a4db9c17d1.dir after 3 attempts); check its url in "
                + ".dvc/config and that the server is up, then run FetchData again."));
            Assert.That(clone.Files("data"), Is.Empty);
        }
    }
}
