using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class GcCommandTests
{
    [Test]
    public void Should_Remove_Exactly_The_Unreferenced_Blobs_After_A_Dry_Run_Removed_None()
    {
        // Given
        using var registry = new CliRegistry().WithVersions(3);
        var gone = registry.Library.Resolve("tones/2").PackageSha256;
        registry.Run("delete", "tones/2");
        var blobs = () => registry.Temp.Files().Where(f => f.StartsWith("registry/blobs/", StringComparison.Ordinal)).ToList();
        var before = blobs();

        // When
        var dryRun = registry.Run("gc", "--dry-run", "--json");
        var afterDryRun = blobs();
        var gc = registry.Run("gc");

        // Then
        Assert.That(JObject.Parse(dryRun.Stdout)["removed"]!.ToObject<string[]>(), Is.EqualTo(new[] { gone }), dryRun.ToString());
        Assert.That(afterDryRun, Is.EqualTo(before));
        Assert.That(gc.Stdout, Does.StartWith($"removed {ContentHash.Short(gone)}\nRemoved 1 blob(s), "));
        Assert.That(gc.Stdout, Does.EndWith("; 2 referenced blob(s) kept.\n"));
        var referenced = registry.Library.ReadIndex().AllVersions.Select(v => $"registry/blobs/{v.PackageSha256[..2]}/{v.PackageSha256[2..]}");
        Assert.That(blobs(), Is.EquivalentTo(referenced));
    }
}
