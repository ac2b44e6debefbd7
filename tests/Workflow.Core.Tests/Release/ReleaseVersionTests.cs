using Workflow.Release;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Release;

/// <summary>The version rules of a release: the -dev suffix of a dirty tree, and one version never two nupkgs.</summary>
public sealed class ReleaseVersionTests
{
    private const string PackageSha256 = "ABCDEF0123456789aaaabbbbccccddddeeeeffff00001111222233334444555566";

    [Test]
    public void Should_Be_MajorMinor_And_Patch_From_A_Clean_Tree() =>
        Assert.That(ReleaseVersion.Of("1.0", 7, dirty: false, PackageSha256), Is.EqualTo("1.0.7"));

    [Test]
    public void Should_Add_A_Dev_Suffix_Of_12_Hex_Of_The_Package_Hash_From_A_Dirty_Tree() =>
        Assert.That(ReleaseVersion.Of("1.0", 7, dirty: true, PackageSha256), Is.EqualTo("1.0.7-dev.abcdef012345"));

    [Test]
    public void Should_Accept_The_Same_Bytes_Under_A_Recorded_Version_Again()
    {
        using var folder = new TempDirectory();
        var ledger = new VersionLedger(folder.Combine(VersionLedger.RelativePath));

        ledger.Record("SpokenDigits.Model", "1.0.0", new string('a', 64));

        Assert.DoesNotThrow(() => ledger.Record("SpokenDigits.Model", "1.0.0", new string('a', 64)));
        Assert.DoesNotThrow(() => ledger.Record("SpokenDigits.Model", "1.0.1", new string('b', 64)));
    }

    [Test]
    public void Should_Refuse_Other_Bytes_Under_A_Recorded_Version_Naming_Both_Hashes_And_The_Fix()
    {
        using var folder = new TempDirectory();
        new VersionLedger(folder.Combine(VersionLedger.RelativePath)).Record("SpokenDigits.Model", "1.0.0", new string('a', 64));

        // A new instance: the record is on disk, not in memory.
        var error = Assert.Throws<WorkflowException>(() =>
            new VersionLedger(folder.Combine(VersionLedger.RelativePath)).Record("SpokenDigits.Model", "1.0.0", new string('b', 64)))!;

        Assert.That(error.Message, Is.EqualTo(
            $"Release: version 1.0.0 of SpokenDigits.Model was already produced with other bytes (nupkg sha256 {new string('a', 64)}, now {new string('b', 64)}; recorded in .workflow/release/versions.json), " +
            "and one version must never name two packages. Register the new package (the Register target) so it gets a new patch, or bump model.version in config/workflow.json."));
    }
}
