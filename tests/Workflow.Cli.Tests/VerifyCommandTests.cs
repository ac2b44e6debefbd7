using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class VerifyCommandTests
{
    [Test]
    public void Should_Pass_A_Healthy_Registry()
    {
        using var registry = new CliRegistry().WithVersions(2);

        var result = registry.Run("verify");

        Assert.That((result.ExitCode, result.Stdout), Is.EqualTo((0, "OK: 2 version(s), 2 blob(s) verified.\n")), result.ToString());
    }

    [Test]
    public void Should_Catch_A_Blob_Changed_On_Disk_With_Exit_Code_3()
    {
        // Given
        using var registry = new CliRegistry().WithVersions(2);
        var version = registry.Library.Resolve("tones/2");
        var path = registry.Library.PackagePath(version);
        File.WriteAllBytes(path, [.. File.ReadAllBytes(path), 0]);

        // When
        var result = registry.Run("verify");
        var json = registry.Run("verify", "--json");

        // Then
        var blob = $"blobs/{version.PackageSha256[..2]}/{version.PackageSha256[2..]}";
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Stdout, Is.EqualTo(
            $"tones/2: its package {blob} changed on disk: it now hashes to {ContentHash.Short(ContentHash.OfFile(path))}\nFAILED: 1 problem(s) in 2 version(s).\n"));
        Assert.That(JObject.Parse(json.Stdout).Value<bool>("ok"), Is.False);
        Assert.That(json.ExitCode, Is.EqualTo(3));
    }
}
