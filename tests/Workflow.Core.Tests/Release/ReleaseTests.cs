using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Release;

/// <summary>
/// <c>./build.sh --target=Release</c> on a small workspace, then the package used as a .NET developer would: a console
/// project in a temp folder adds it from a local folder feed (into its own packages folder, so no cache hides a
/// change) and classifies the test recordings through the package's API.
/// </summary>
[NonParallelizable]
public sealed class ReleaseTests
{
    private const string PackageZip = "artifacts/package/spoken-digits.zip";
    private string Nupkg => $"artifacts/release/SpokenDigits.Model.{ExpectedVersion(_built)}.nupkg";
    private SmallWorkspace _built = null!;
    private TempDirectory _consumer = null!;
    private BuildScript.Result _run = null!;

    [OneTimeSetUp]
    public void BuildAndConsume()
    {
        _built = SmallWorkspace.Create();
        var build = _built.Build("--target=Release");
        Assert.That(build.ExitCode, Is.Zero, build.ToString());
        _consumer = new TempDirectory();
        _run = Consume(_consumer, _built.Directory.Combine(Nupkg), ExpectedVersion(_built), RecordingsOf(_built));
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        _built.Dispose();
        _consumer.Dispose();
    }

    [Test]
    public void Should_Register_First_And_Take_The_Registry_Version_As_Patch_Then_Do_Nothing_Again()
    {
        var again = _built.Build("--target=Release");

        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.Output, Does.Contain("spoken-digits/1 already holds these exact package bytes"));
        Assert.That(again.Output, Does.Contain("is spoken-digits/1 in the registry: version 1.0.1"));
        Assert.That(again.Output, Does.Contain("Release[release]: up-to-date"));
        Assert.That(again.Output, Does.Contain("ReleaseNotes[notes]: up-to-date"));
        Assert.That(again.Output, Does.Contain("WriteManifest[manifest]: up-to-date"));
    }

    [Test]
    public void Should_Name_The_Nupkg_By_The_Version_With_A_Dev_Suffix_Only_From_A_Dirty_Tree()
    {
        var written = Directory.GetFiles(_built.Directory.Combine("artifacts/release"), "*.nupkg").Select(Path.GetFileName);

        Assert.That(written, Is.EqualTo(new[] { $"SpokenDigits.Model.{ExpectedVersion(_built)}.nupkg" }));
        Assert.That(File.ReadAllText(_built.Directory.Combine(".workflow/release/versions.json")),
            Does.Contain($"\"SpokenDigits.Model/{ExpectedVersion(_built)}\": \"{ContentHash.OfFile(_built.Directory.Combine(Nupkg))}\""));
    }

    [Test]
    public void Should_Predict_In_The_Consumer_What_Evaluate_Wrote()
    {
        var expected = Predictions(_built);

        Assert.That(_run.ExitCode, Is.Zero, _run.ToString());
        Assert.That(Lines(_run, "predicted:"), Is.EqualTo(expected));
        Assert.That(Lines(_run, "parallel:"), Is.EqualTo(expected), "two threads sharing one classifier");
        Assert.That(Lines(_run, "labels:"), Is.EqualTo(new[] { "0 1 2 at 8000 Hz" }));
    }

    [Test]
    public void Should_Refuse_Samples_At_Another_Rate_With_The_Documented_Error()
    {
        Assert.That(Lines(_run, "rate:"), Is.EqualTo(new[]
        {
            "The samples are at 16000 Hz but the spoken-digits model takes 8000 Hz; resample them to 8000 Hz first, or pass a WAV file to ClassifyWav, which resamples. (Parameter 'sampleRate')",
        }));
    }

    [Test]
    public void Should_Refuse_A_Broken_Wav_With_The_Builds_Error()
    {
        var broken = _consumer.Combine("broken.wav");

        Assert.That(Lines(_run, "broken:"), Is.EqualTo(new[]
        {
            $"InvalidDataException {broken} is not a RIFF/WAVE file (starts with 'ID3 '); remove it or convert it to WAV.",
        }));
    }

    [Test]
    public void Should_Give_The_Same_Nupkg_Bytes_When_Built_In_Another_Folder()
    {
        using var other = SmallWorkspace.Create();

        var build = other.Build("--target=Release");

        Assert.That(build.ExitCode, Is.Zero, build.ToString());
        Assert.That(ContentHash.OfFile(other.Directory.Combine(Nupkg)), Is.EqualTo(ContentHash.OfFile(_built.Directory.Combine(Nupkg))));
    }

    [Test]
    public void Should_Ship_The_Model_Card_Attribution_And_Licence()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(_built.Directory.Combine(Nupkg));
        string Text(string name) => new StreamReader(zip.GetEntry(name)!.Open()).ReadToEnd();

        Assert.That(zip.Entries.Select(e => e.FullName), Is.SupersetOf(new[]
        {
            "lib/net8.0/SpokenDigits.Model.dll", "model/model.onnx", "README.md", "ATTRIBUTION.md", "SpokenDigits.Model.nuspec",
        }));
        Assert.That(Text("SpokenDigits.Model.nuspec"), Does.Contain("<license type=\"expression\">CC-BY-SA-4.0</license>"));
        Assert.That(Text("ATTRIBUTION.md"), Is.EqualTo(File.ReadAllText(Repository.PathOf("config/ATTRIBUTION.md"))));
        Assert.That(Text("README.md"), Does.Contain("| 0 | 1.000 | 1.000 | 1.000 | 10 |"));
        Assert.That(Text("README.md"), Does.Contain("| 0 | 6 | 10 |"), "training and test files of class 0");
    }

    /// <summary>The version Release must have given: the -dev suffix names the package zip's sha256.</summary>
    private static string ExpectedVersion(SmallWorkspace workspace)
    {
        var dirty = Workflow.Packaging.GitFacts.Read(Repository.Root).Dirty;
        return Workflow.Release.ReleaseVersion.Of("1.0", 1, dirty, ContentHash.OfFile(workspace.Directory.Combine(PackageZip)));
    }

    private static string[] Lines(BuildScript.Result run, string prefix) =>
        run.Output.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].Trim()).ToArray();

    // predictions.csv names recordings by logical path (data/…); the workspace keeps them in audio/.
    private static string[] RecordingsOf(SmallWorkspace workspace) =>
        PredictionRows(workspace).Select(r => Path.Combine(workspace.Audio, r[0]["data/".Length..])).ToArray();

    private static string[] Predictions(SmallWorkspace workspace) =>
        PredictionRows(workspace).Select(r => $"{Path.Combine(workspace.Audio, r[0]["data/".Length..])} {r[2]}").ToArray();

    private static IEnumerable<string[]> PredictionRows(SmallWorkspace workspace) =>
        File.ReadAllLines(workspace.Directory.Combine("artifacts/evaluation/predictions.csv")).Skip(1).Select(l => l.Split(','));

    /// <summary>A console project that adds the package from a folder feed and prints what the API says.</summary>
    private static BuildScript.Result Consume(TempDirectory folder, string nupkg, string version, string[] recordings)
    {
        var feed = folder.Combine("feed");
        Directory.CreateDirectory(feed);
        File.Copy(nupkg, Path.Combine(feed, Path.GetFileName(nupkg)));
        folder.Write("recordings.txt", string.Join("\n", recordings));
        folder.Write("broken.wav", "ID3 not audio"u8.ToArray());
        // A packages folder of its own, so an old SpokenDigits.Model in the NuGet cache cannot hide a change; the
        // user's cache is only a fallback for ONNX Runtime (which is large) and never holds our package.
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        folder.Write("app/Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{folder.Combine("packages")}</RestorePackagesPath>
                <RestoreAdditionalProjectFallbackFolders>{userPackages}</RestoreAdditionalProjectFallbackFolders>
              </PropertyGroup>
            </Project>
            """);
        folder.Write("app/Program.cs", """
            using SpokenDigits.Model;

            var recordings = File.ReadAllLines(args[0]);
            using var classifier = new SpokenDigitsClassifier();
            foreach (var path in recordings) Console.WriteLine($"predicted: {path} {classifier.ClassifyWav(path).Label}");
            var labels = new string[recordings.Length];
            Parallel.For(0, recordings.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => labels[i] = classifier.ClassifyWav(recordings[i]).Label);
            for (var i = 0; i < recordings.Length; i++) Console.WriteLine($"parallel: {recordings[i]} {labels[i]}");
            Console.WriteLine($"labels: {string.Join(' ', classifier.Labels)} at {classifier.SampleRate} Hz");
            try { classifier.Classify(new float[1600], 16000); }
            catch (ArgumentException e) { Console.WriteLine($"rate: {e.Message}"); }
            try { classifier.ClassifyWav(args[1]); }
            catch (InvalidDataException e) { Console.WriteLine($"broken: {e.GetType().Name} {e.Message}"); }
            """);
        var app = folder.Combine("app");
        var add = DotnetCli.Run(app, "add", "package", "SpokenDigits.Model", "--version", version, "--source", feed);
        Assert.That(add.ExitCode, Is.Zero, add.ToString());
        return DotnetCli.Run(app, "run", "--", folder.Combine("recordings.txt"), folder.Combine("broken.wav"));
    }
}
