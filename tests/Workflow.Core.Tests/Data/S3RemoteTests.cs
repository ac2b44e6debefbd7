using System.Text;
using Workflow.Data;
using Workflow.Tests.Fixtures;
using static Workflow.Tests.Fixtures.DataWorkspace;

namespace Workflow.Tests.Data;

/// <summary>The s3 remote against a real S3-compatible server (s3rver) and against servers that fail.</summary>
[NonParallelizable]
public sealed class S3RemoteTests
{
    private const string FooPath = "files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8";
    private static readonly DataOptions Fast = new(Retries: 2, RetryDelay: TimeSpan.FromMilliseconds(10));

    public sealed class AgainstS3rver
    {
        private S3rverServer server = null!;

        [OneTimeSetUp]
        public void StartServer() => server = new S3rverServer();

        [OneTimeTearDown]
        public void StopServer() => server?.Dispose();

        [Test]
        public async Task Should_Store_An_Object_Under_The_Prefix_And_Read_It_Back()
        {
            // Given
            using var remote = new S3Remote("origin", server.Settings("team/store"), connections: 2);

            // When
            await remote.UploadAsync(FooPath, new MemoryStream("foo"u8.ToArray()), CancellationToken.None);
            using var downloaded = new MemoryStream();
            var found = await remote.DownloadAsync(FooPath, downloaded, CancellationToken.None);

            // Then: at DVC's key, as another S3 client sees it
            Assert.That(found, Is.True);
            Assert.That(Encoding.UTF8.GetString(downloaded.ToArray()), Is.EqualTo("foo"));
            Assert.That(await remote.ExistsAsync(FooPath, CancellationToken.None), Is.True);
            Assert.That(await server.Keys("team/store/"), Is.EqualTo(new[] { "team/store/" + FooPath }));
        }

        [Test]
        public async Task Should_Report_A_Missing_Object_As_Absent()
        {
            // Given
            using var remote = new S3Remote("origin", server.Settings("missing"), connections: 1);
            using var destination = new MemoryStream();

            // When
            var exists = await remote.ExistsAsync(FooPath, CancellationToken.None);
            var downloaded = await remote.DownloadAsync(FooPath, destination, CancellationToken.None);

            // Then
            Assert.That((exists, downloaded, destination.Length), Is.EqualTo((false, false, 0L)));
        }

        [Test]
        public async Task Should_Send_A_Large_Object_Of_Unknown_Length_In_Parts()
        {
            // Given: 11 MiB through a stream that cannot tell its length, with 5 MiB parts
            var bytes = new byte[(11 << 20) + 17];
            new Random(7).NextBytes(bytes);
            using var remote = new S3Remote("origin", server.Settings("large") with { PartSize = 5 << 20 }, connections: 1);

            // When
            await remote.UploadAsync(FooPath, new OneWayStream(bytes, failAtEnd: false), CancellationToken.None);
            using var downloaded = new MemoryStream();
            await remote.DownloadAsync(FooPath, downloaded, CancellationToken.None);

            // Then
            Assert.That(downloaded.ToArray(), Is.EqualTo(bytes));
        }

        [TestCase(3)]
        [TestCase((6 << 20) + 1)]
        public async Task Should_Leave_No_Object_When_The_Content_Throws(int size)
        {
            // Given: content that fails its check at its end, as a verifying stream does (small: one PUT; large: parts)
            using var remote = new S3Remote("origin", server.Settings($"throws-{size}") with { PartSize = 5 << 20 }, connections: 1);

            // When
            var error = await Assert.ThrowsAsync<WorkflowException>(() =>
                remote.UploadAsync(FooPath, new OneWayStream(new byte[size], failAtEnd: true), CancellationToken.None));

            // Then
            Assert.That(error!.Message, Is.EqualTo("corrupt content"));
            Assert.That(await remote.ExistsAsync(FooPath, CancellationToken.None), Is.False);
            Assert.That(await server.Keys($"throws-{size}/"), Is.Empty);
        }

        [Test]
        public async Task Should_Name_The_Settings_When_The_Credentials_Are_Refused()
        {
            // Given: an access key the server does not know
            using var remote = new S3Remote("origin", server.Settings("denied", accessKey: "WRONG"), connections: 1);

            // When
            var error = await Assert.ThrowsAsync<WorkflowException>(() => remote.UploadAsync(FooPath, new MemoryStream("foo"u8.ToArray()), CancellationToken.None));

            // Then
            Assert.That(error!.Message, Is.EqualTo(
                $"The remote 'origin' (s3://{S3rverServer.Bucket}/denied at {server.Endpoint}) refused the credentials (answered "
                + $"403 InvalidAccessKeyId to PUT s3://{S3rverServer.Bucket}/denied/{FooPath}); set access_key_id and "
                + "secret_access_key (with session_token for temporary keys), or profile, for it in .dvc/config.local "
                + "(`dvc remote modify --local origin access_key_id KEY`, then secret_access_key), or AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY in the environment, with rights to read and write the bucket."));
        }

        [Test]
        public async Task Should_Name_The_Bucket_When_It_Does_Not_Exist()
        {
            // Given
            using var remote = new S3Remote("origin", server.Settings("p") with { Url = "s3://no-such-bucket/p", Bucket = "no-such-bucket" }, connections: 1);

            // When
            var error = await Assert.ThrowsAsync<WorkflowException>(() => remote.ExistsAsync(FooPath, CancellationToken.None));

            // Then
            Assert.That(error!.Message, Is.EqualTo(
                $"The remote 'origin' (s3://no-such-bucket/p at {server.Endpoint}) has no bucket 'no-such-bucket' (answered "
                + "404 NoSuchBucket to GET s3://no-such-bucket/); create the bucket, or fix the url or endpointurl of the "
                + "remote 'origin' in .dvc/config."));
        }

        [Test]
        public void Should_Push_Then_Fetch_Into_A_Fresh_Clone()
        {
            // Given
            using var origin = new DataWorkspace($"s3://{S3rverServer.Bucket}/roundtrip", server.DvcSettings());
            DataTracker.Commit(origin.Dvc);

            // When
            var pushed = DataPusher.Push(origin.Dvc, Fast);
            using var clone = origin.Clone();
            var fetched = DataFetcher.Fetch(clone.Dvc, Fast);

            // Then
            Assert.That(pushed.Uploaded, Is.EqualTo(3));
            Assert.That((fetched.Downloaded, clone.Read("data/foo"), clone.Read("data/bar")), Is.EqualTo((3, "foo", "bar")));
            Assert.That(DataStatus.Check(clone.Dvc, Fast).MissingOnRemote, Is.Empty);
        }
    }

    public sealed class AgainstAServerWithConditionalWrites
    {
        [Test]
        public async Task Should_Create_Once_With_If_None_Match_Then_Keep_The_First_Content()
        {
            // Given: a server that refuses a PUT with If-None-Match: * onto an existing object (S3 does; s3rver does not)
            using var server = new FlakyHttpServer(failures: 0);
            var settings = new S3RemoteSettings("s3://bucket/store", "bucket", "store")
            {
                EndpointUrl = $"http://127.0.0.1:{server.Port}", AccessKeyId = "K", SecretAccessKey = "S",
                CreateSettle = TimeSpan.FromMinutes(10), // a create that waited for it would not end this test
            };
            using var remote = new S3Remote("registry", settings, connections: 1);

            // When
            var first = await remote.CreateAsync("registry.lock", new MemoryStream("first"u8.ToArray()), CancellationToken.None);
            var second = await remote.CreateAsync("registry.lock", new MemoryStream("second"u8.ToArray()), CancellationToken.None);

            // Then: the probe object is gone, the lock holds the first content
            using var content = new MemoryStream();
            await remote.DownloadAsync("registry.lock", content, CancellationToken.None);
            Assert.That((first, second, Encoding.UTF8.GetString(content.ToArray())), Is.EqualTo((true, false, "first")));
            Assert.That(server.Paths, Is.EqualTo(new[] { "/bucket/store/registry.lock" }));
        }
    }

    public sealed class AgainstFailingServers
    {
        [Test]
        public void Should_Retry_5xx_Then_Give_Up_Naming_The_Remote()
        {
            // Given: a server that answers 503 to everything
            using var server = new FlakyHttpServer(failures: 100);
            using var workspace = new DataWorkspace("s3://bucket/store", $"    endpointurl = http://127.0.0.1:{server.Port}\n"
                + "    access_key_id = K\n    secret_access_key = S\n");
            DataTracker.Commit(workspace.Dvc);
            var log = new StringWriter();

            // When
            var error = Assert.Throws<RemoteUnreachableException>(() => DataStatus.Check(workspace.Dvc, Fast with { Jobs = 1, Log = log }));

            // Then: each attempt is one request, the SDK's own retries being off
            Assert.That(error!.Message, Does.Match(
                $"^The remote 'origin' \\(s3://bucket/store at http://127.0.0.1:{server.Port}\\) is unreachable or failing: "
                + "HEAD s3://bucket/store/files/md5/\\S+ answered 503 \\S+ \\(gave up checking \\S+ after 3 attempts\\); "
                + "check its url in .dvc/config and that the server is up, then run DataStatus again.$"));
            Assert.That(server.Requests, Is.EqualTo(3));
        }

        [Test]
        public async Task Should_Treat_A_Refused_Connection_As_Transient()
        {
            // Given: nothing listens on the port
            var settings = new S3RemoteSettings("s3://bucket/p", "bucket", "p")
            {
                EndpointUrl = $"http://127.0.0.1:{TestServers.FreePort()}",
                AccessKeyId = "K",
                SecretAccessKey = "S",
            };
            using var remote = new S3Remote("origin", settings, connections: 1);

            // When
            var error = await Assert.ThrowsAsync<TransientRemoteException>(() => remote.ExistsAsync(FooPath, CancellationToken.None));

            // Then
            Assert.That(error!.Message, Does.StartWith($"HEAD s3://bucket/p/{FooPath} failed (Connection refused"));
        }

        [Test]
        public async Task Should_Time_Out_A_Server_That_Never_Answers()
        {
            // Given: a port that accepts connections and says nothing
            using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            silent.Start();
            var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            var settings = new S3RemoteSettings("s3://bucket/p", "bucket", "p")
            {
                EndpointUrl = $"http://127.0.0.1:{port}",
                AccessKeyId = "K",
                SecretAccessKey = "S",
                ConnectTimeout = TimeSpan.FromSeconds(1),
                ReadTimeout = TimeSpan.FromSeconds(1),
            };
            using var remote = new S3Remote("origin", settings, connections: 1);

            // When
            var started = DateTime.UtcNow;
            var error = await Assert.ThrowsAsync<TransientRemoteException>(() => remote.ExistsAsync(FooPath, CancellationToken.None));

            // Then
            Assert.That(error!.Message, Is.EqualTo($"HEAD s3://bucket/p/{FooPath} timed out"));
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(15)));
        }
    }

    /// <summary>Content of unknown length that can optionally throw at its end, like a verifying stream on bad bytes.</summary>
    private sealed class OneWayStream(byte[] bytes, bool failAtEnd) : Stream
    {
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, bytes.Length - position);
            if (n == 0 && failAtEnd && count > 0) throw new WorkflowException("corrupt content");
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
