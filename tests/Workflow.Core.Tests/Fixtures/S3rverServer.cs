using System.Diagnostics;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Workflow.Data;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// A real S3-compatible server: s3rver (npm, pinned in tests/servers/package.json, installed into the git-ignored
/// tests/servers/node_modules by tests/servers/provision.sh) on a free port of 127.0.0.1, storing into a temp folder,
/// with one bucket; stopped and deleted on dispose. Without node or s3rver the tests that use it skip, or fail under
/// CI=true (see <see cref="TestServers"/>). s3rver accepts the access key S3RVER with the secret S3RVER.
/// </summary>
public sealed class S3rverServer : IDisposable
{
    public const string Bucket = "workflow-tests";
    public const string AccessKey = "S3RVER";

    private readonly TempDirectory temp = new();
    private readonly Process process;
    private readonly StringBuilder output = new();

    public S3rverServer()
    {
        var script = Repository.PathOf("tests/servers/node_modules/s3rver/bin/s3rver.js");
        var node = TestServers.OnPath("node");
        if (node is null || !File.Exists(script))
        {
            temp.Dispose();
            TestServers.Unavailable(node is null
                ? "node is not installed, and s3rver needs it; install Node.js, then run ./build.sh --target=Test"
                : "s3rver is not installed; ./build.sh --target=Test (or `npm ci --prefix tests/servers`) installs it");
        }

        Port = TestServers.FreePort();
        Directory.CreateDirectory(temp.Combine("buckets"));
        var info = new ProcessStartInfo(node, [script, "--address", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--directory", temp.Combine("buckets"), "--configure-bucket", Bucket, "--silent"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        TestServers.WaitUntilListening(process, Port, "s3rver", () => { lock (output) return output.ToString(); });
    }

    public int Port { get; }

    /// <summary>
    /// The file in which s3rver keeps the bytes of <paramref name="key"/> (its checksum is kept beside it, so writing
    /// here stages an object stored broken).
    /// </summary>
    public string ObjectFile(string key) => temp.Combine($"buckets/{Bucket}/{key}._S3rver_object");

    /// <summary>What the server has written so far (errors only: it runs with --silent), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The lines of a .dvc/config remote section (after its url) pointing at this server with its key.</summary>
    public string DvcSettings(string accessKey = AccessKey) =>
        $"    endpointurl = {Endpoint}\n    access_key_id = {accessKey}\n    secret_access_key = S3RVER\n";

    /// <summary>Settings for an <see cref="S3Remote"/> on this server's bucket under <paramref name="prefix"/>.</summary>
    public S3RemoteSettings Settings(string prefix, string accessKey = AccessKey) =>
        new($"s3://{Bucket}/{prefix}", Bucket, prefix)
        {
            EndpointUrl = Endpoint,
            AccessKeyId = accessKey,
            SecretAccessKey = "S3RVER",
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ReadTimeout = TimeSpan.FromSeconds(10),
        };

    /// <summary>The keys under <paramref name="prefix"/>, as an S3 client other than <see cref="S3Remote"/> lists them.</summary>
    public async Task<string[]> Keys(string prefix)
    {
        var config = new AmazonS3Config { ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" };
        using var client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, "S3RVER"), config);
        var listing = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix });
        return (listing.S3Objects ?? []).Select(o => o.Key).ToArray();
    }

    /// <summary>
    /// Every key under <c>root/files/md5/</c>, listed a two-hex folder at a time: s3rver 3.7.1 answers 500
    /// InternalError to a listing it would have to truncate (over 1000 keys).
    /// </summary>
    public async Task<string[]> DvcObjectKeys(string root)
    {
        var keys = new List<string>();
        for (var folder = 0; folder < 256; folder++)
            keys.AddRange(await Keys(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{root}/files/md5/{folder:x2}/")));
        return keys.ToArray();
    }

    /// <summary>Kills the server (its files stay until dispose): the port then refuses connections.</summary>
    public void Stop() => TestServers.Stop(process);

    public void Dispose()
    {
        TestServers.Stop(process);
        temp.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }
}
