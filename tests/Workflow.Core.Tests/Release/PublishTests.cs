using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Release;

/// <summary>
/// <c>./build.sh --target=Publish --feed=DIR</c> with a real <c>dotnet nuget push</c> to folder feeds: pushed once,
/// the same bytes again are a no-op, other bytes under the same version are refused.
/// </summary>
[NonParallelizable]
public sealed class PublishTests
{
    private SmallWorkspace _built = null!;
    private TempDirectory _feeds = null!;
    private BuildScript.Result _first = null!;

    // The one nupkg Release wrote; its version has a -dev suffix when the repository has uncommitted changes.
    private string Nupkg => Directory.GetFiles(_built.Directory.Combine("artifacts/release"), "*.nupkg").Single();

    [OneTimeSetUp]
    public void BuildAndPublish()
    {
        _built = SmallWorkspace.Create();
        _feeds = new TempDirectory();
        Directory.CreateDirectory(_feeds.Combine("feed"));
        _first = _built.Build("--target=Publish", $"--feed={_feeds.Combine("feed")}");
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        _built.Dispose();
        _feeds.Dispose();
    }

    [Test]
    public void Should_Push_The_Nupkg_To_A_Folder_Feed()
    {
        Assert.That(_first.ExitCode, Is.Zero, _first.ToString());
        Assert.That(_first.Output, Does.Contain("Publish: pushed artifacts/release/SpokenDigits.Model."));
        var pushed = Path.Combine(_feeds.Combine("feed"), Path.GetFileName(Nupkg));
        Assert.That(ContentHash.OfFile(pushed), Is.EqualTo(ContentHash.OfFile(Nupkg)));
    }

    [Test]
    public void Should_Do_Nothing_When_The_Feed_Holds_The_Same_Bytes()
    {
        var again = _built.Build("--target=Publish", $"--feed={_feeds.Combine("feed")}");

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.Output, Does.Contain("with the same bytes (sha256 " + ContentHash.OfFile(Nupkg) + "); nothing to push."));
        Assert.That(again.Output, Does.Not.Contain("Publish: pushed"));
    }

    [Test]
    public void Should_Refuse_A_Version_The_Feed_Holds_With_Other_Bytes()
    {
        var name = Path.GetFileName(Nupkg);
        var version = name["SpokenDigits.Model.".Length..^".nupkg".Length];
        // The hierarchical, lowercased layout of `nuget add`.
        var other = _feeds.Write($"other/spokendigits.model/{version}/{name.ToLowerInvariant()}", "other bytes"u8.ToArray());

        var refused = _built.Build("--target=Publish", $"--feed={_feeds.Combine("other")}");

        Assert.That(refused.ExitCode, Is.Not.Zero, refused.ToString());
        Assert.That(refused.Output, Does.Contain(
            $"the feed {_feeds.Combine("other")} already holds SpokenDigits.Model {version} with other bytes ({other}: sha256 {ContentHash.OfFile(other)}; artifacts/release/{name}: sha256 {ContentHash.OfFile(Nupkg)})"));
        Assert.That(refused.Output, Does.Contain("or bump model.version"));
        Assert.That(File.ReadAllText(other), Is.EqualTo("other bytes"), "the feed's package is left alone");
    }

    [Test]
    public void Should_Fail_A_Release_Whose_Version_Was_Recorded_With_Other_Bytes()
    {
        using var copy = _built.Clone();
        var name = Path.GetFileName(Nupkg);
        var version = name["SpokenDigits.Model.".Length..^".nupkg".Length];
        var earlier = new string('e', 64);
        copy.Directory.Write(".workflow/release/versions.json", $"{{ \"SpokenDigits.Model/{version}\": \"{earlier}\" }}");

        var release = copy.Build("--target=Release");

        Assert.That(release.ExitCode, Is.Not.Zero, release.ToString());
        Assert.That(release.Output, Does.Contain(
            $"Release: version {version} of SpokenDigits.Model was already produced with other bytes (nupkg sha256 {earlier}, now {ContentHash.OfFile(Nupkg)}; recorded in .workflow/release/versions.json)"));
        Assert.That(release.Output, Does.Contain("Register the new package (the Register target) so it gets a new patch, or bump model.version"));
        Assert.That(File.Exists(copy.Directory.Combine($"artifacts/release/{name}")), Is.False, "no nupkg left under the taken version");
    }

    [Test]
    public void Should_Ask_For_The_Feed_When_It_Is_Missing()
    {
        var missing = _built.Build("--target=Publish");

        Assert.That(missing.ExitCode, Is.Not.Zero, missing.ToString());
        Assert.That(missing.Output, Does.Contain("Publish needs --feed: pass a folder (--feed=DIR)"));
        Assert.That(missing.Output, Does.Not.Contain("Release[release]"), "fails before any stage runs");
    }

    [Test]
    public void Should_Refuse_A_Feed_Folder_That_Does_Not_Exist()
    {
        var mistyped = _built.Build("--target=Publish", $"--feed={_feeds.Combine("no-such-feed")}");

        Assert.That(mistyped.ExitCode, Is.Not.Zero, mistyped.ToString());
        Assert.That(mistyped.Output, Does.Contain($"Publish: the feed folder {_feeds.Combine("no-such-feed")} does not exist; create it (mkdir)"));
        Assert.That(Directory.Exists(_feeds.Combine("no-such-feed")), Is.False);
    }
}
