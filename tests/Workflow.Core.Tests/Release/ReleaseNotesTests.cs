using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Release;

/// <summary>
/// Three real <c>./build.sh --target=Release</c> runs on one workspace: the first release; then one recording
/// added and one setting changed (compared with the previous version); then, with <c>prod</c> moved to version 1
/// and another setting changed, compared with what <c>prod</c> points at.
/// </summary>
[NonParallelizable]
public sealed class ReleaseNotesTests
{
    private const string Notes = "artifacts/release/RELEASE_NOTES.md";
    private SmallWorkspace _workspace = null!;
    private readonly List<(BuildScript.Result Run, string Notes, JObject Manifest)> _releases = [];

    [OneTimeSetUp]
    public void ReleaseThreeTimes()
    {
        _workspace = SmallWorkspace.Create();
        Release();
        File.Copy(Path.Combine(_workspace.Audio, "1/1_theo_7.wav"), Path.Combine(_workspace.Audio, "1/1_theo_9.wav"));
        SetConfig("\"iterations\": 10,", "\"iterations\": 9,");
        Release();
        new Workflow.Registry.ModelRegistry(_workspace.Directory.Combine(".workflow/registry")).SetAlias("spoken-digits/1", "prod");
        SetConfig("\"seed\": 42,", "\"seed\": 7,");
        Release();
    }

    [OneTimeTearDown]
    public void CleanUp() => _workspace.Dispose();

    [Test]
    public void Should_Say_First_Release_When_Nothing_Was_Registered_Before()
    {
        var (run, notes, _) = _releases[0];

        Assert.That(run.Output, Does.Contain("ReleaseNotes: first release (no earlier version of spoken-digits in the registry"));
        Assert.That(notes, Does.Contain("First release: no earlier registered version of `spoken-digits` to compare with."));
        Assert.That(notes, Does.Contain("| 1 | 16 |"), "class 1's recordings");
    }

    [Test]
    public void Should_Name_The_Added_Recording_And_The_Changed_Setting_Against_The_Previous_Version()
    {
        var (run, notes, _) = _releases[1];

        Assert.That(run.Output, Does.Contain("ReleaseNotes: compared with spoken-digits/1, the previous version (there is no 'prod' alias)"));
        Assert.That(notes, Does.Contain("Changes since **spoken-digits/1**, the previous version (there is no 'prod' alias)."));
        Assert.That(notes, Does.Contain("| 1 | 17 | 1 | 0 | 0 |"), "class 1: 17 recordings, one added");
        Assert.That(notes, Does.Contain("| 0 | 16 | 0 | 0 | 0 |"));
        Assert.That(notes, Does.Contain("- class 1, added (1): `1/1_theo_9.wav`"));
        Assert.That(notes, Does.Contain("| `train.hmm.iterations` | `10` | `9` |"));
        Assert.That(notes, Does.Not.Contain("`train.seed`"));
    }

    [Test]
    public void Should_Compare_With_The_Version_Prod_Points_At()
    {
        var (run, notes, _) = _releases[2];

        Assert.That(run.Output, Does.Contain("ReleaseNotes: compared with spoken-digits/1, the version the alias 'prod' points at"));
        Assert.That(notes, Does.Contain("# SpokenDigits.Model 1.0.3"));
        Assert.That(notes, Does.Contain("| `train.hmm.iterations` | `10` | `9` |"));
        Assert.That(notes, Does.Contain("| `train.seed` | `42` | `7` |"));
        Assert.That(notes, Does.Contain("| metric | spoken-digits/1 | 1.0.3"));
    }

    [Test]
    public void Should_Record_The_Nupkg_And_The_Notes_With_Their_Facts_In_The_Manifest()
    {
        var (_, notes, manifest) = _releases[2];
        var artifacts = manifest["artifacts"]!.ToDictionary(a => (string)a["path"]!, a => ((string)a["sha256"]!, (long)a["bytes"]!));
        var nupkg = Directory.GetFiles(_workspace.Directory.Combine("artifacts/release"), "*.nupkg").Single(n => Path.GetFileName(n).Contains("1.0.3"));
        var nupkgPath = "artifacts/release/" + Path.GetFileName(nupkg);

        Assert.That(artifacts[Notes], Is.EqualTo((ContentHash.OfFile(_workspace.Directory.Combine(Notes)), new FileInfo(_workspace.Directory.Combine(Notes)).Length)));
        Assert.That(artifacts[nupkgPath], Is.EqualTo((ContentHash.OfFile(nupkg), new FileInfo(nupkg).Length)));
        Assert.That((string)manifest.SelectToken("release.baseline.reference")!, Is.EqualTo("spoken-digits/1"));
        Assert.That((string)manifest.SelectToken("release.nupkg.sha256")!, Is.EqualTo(ContentHash.OfFile(nupkg)));
        Assert.That(manifest.SelectToken("release.settings")!.Select(s => (string)s["name"]!), Is.EqualTo(new[] { "train.hmm.iterations", "train.seed" }));
        Assert.That(notes, Does.Contain(ContentHash.OfFile(nupkg)));
    }

    [Test]
    public void Should_Rewrite_Only_The_Notes_When_Prod_Moves()
    {
        using var clone = _workspace.Clone();
        var nupkgs = Directory.GetFiles(clone.Directory.Combine("artifacts/release"), "*.nupkg").ToDictionary(n => n, ContentHash.OfFile);
        new Workflow.Registry.ModelRegistry(clone.Directory.Combine(".workflow/registry")).SetAlias("spoken-digits/2", "prod");

        var run = clone.Build("--target=Release");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("Release[release]: up-to-date"));
        Assert.That(run.Output, Does.Contain("ReleaseNotes[notes]: ran — parameter notes.baseline"));
        Assert.That(File.ReadAllText(clone.Directory.Combine(Notes)), Does.Contain("Changes since **spoken-digits/2**, the version the alias 'prod' points at."));
        Assert.That(nupkgs.Keys.ToDictionary(n => n, ContentHash.OfFile), Is.EqualTo(nupkgs));
    }

    private void Release()
    {
        var run = _workspace.Build("--target=Release");
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        _releases.Add((run, File.ReadAllText(_workspace.Directory.Combine(Notes)),
            JObject.Parse(File.ReadAllText(_workspace.Directory.Combine("artifacts/manifest.json")))));
    }

    private void SetConfig(string from, string to)
    {
        var path = _workspace.Directory.Combine("config/workflow.json");
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(from));
        File.WriteAllText(path, text.Replace(from, to));
    }
}
