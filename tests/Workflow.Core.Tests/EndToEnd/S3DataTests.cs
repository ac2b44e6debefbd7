using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>PushData and FetchData through the real ./build.sh with an s3 default remote on a real s3rver.</summary>
[NonParallelizable]
public sealed class S3DataTests
{
    [Test]
    public async Task Should_Push_The_Bundled_Data_Then_Restore_Every_Byte_After_Data_And_Cache_Are_Wiped()
    {
        // Given: the bundled data fetched, then the default remote switched to S3, its keys kept in config.local
        using var s3 = new S3rverServer();
        using var workspace = TrackedWorkspace.Create();
        var fetched = BuildScript.Run(workspace.Path, "--target=FetchData", $"--workspace={workspace.Path}");
        Assert.That(fetched.ExitCode, Is.Zero, fetched.ToString());
        workspace.Write(".dvc/config", $"[core]\n    remote = s3\n['remote \"s3\"']\n    url = s3://{S3rverServer.Bucket}/dvc\n"
            + $"    endpointurl = {s3.Endpoint}\n");
        workspace.Write(".dvc/config.local", $"['remote \"s3\"']\n    access_key_id = {S3rverServer.AccessKey}\n    secret_access_key = S3RVER\n");

        // When
        var pushed = BuildScript.Run(workspace.Path, "--target=PushData", $"--workspace={workspace.Path}");
        Directory.Delete(workspace.Combine("data"), recursive: true);
        Directory.Delete(workspace.Combine(".dvc/cache"), recursive: true);
        var restored = BuildScript.Run(workspace.Path, "--target=FetchData", $"--workspace={workspace.Path}");
        var status = BuildScript.Run(workspace.Path, "--target=DataStatus", $"--workspace={workspace.Path}");

        // Then: DVC's layout in the bucket, and every recording back byte for byte
        Assert.That(pushed.ExitCode, Is.Zero, pushed.ToString());
        Assert.That(pushed.Output, Does.Match(
            $"PushData: 1501 object\\(s\\) \\(\\d+ B\\) sent to 's3' \\(s3://{S3rverServer.Bucket}/dvc at {s3.Endpoint}\\), 0 already there"));
        var keys = await s3.DvcObjectKeys("dvc");
        Assert.That(keys, Has.Length.EqualTo(1501).And.All.Match("^dvc/files/md5/[0-9a-f]{2}/[0-9a-f]{30}(\\.dir)?$"));
        Assert.That(restored.ExitCode, Is.Zero, restored.ToString());
        Assert.That(restored.Output, Does.Contain("FetchData[data]: ran — fetched 1500 missing file(s) from remote 's3'"));
        Assert.That(status.Output, Does.Contain("DataStatus: remote 's3' is up to date"));
        Assert.That(workspace.Files().Count(f => f.StartsWith("data/", StringComparison.Ordinal)), Is.EqualTo(BundledRecordings.All.Count));
        foreach (var relative in BundledRecordings.All.Keys)
            Assert.That(File.ReadAllBytes(workspace.Combine("data/" + relative)), Is.EqualTo(File.ReadAllBytes(BundledRecordings.PathOf(relative))), relative);
    }
}
