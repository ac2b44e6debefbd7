using Workflow.Cache;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>
/// The real <c>./build.sh</c> on a small copy of the bundled recordings. One cold build is made once; each test
/// works on its own copy of it (keys use logical paths, so a copied workspace is as up to date as the original).
/// </summary>
[NonParallelizable]
public sealed class BuildScriptTests
{
    private SmallWorkspace _built = null!;

    [OneTimeSetUp]
    public void BuildOnce()
    {
        _built = SmallWorkspace.Create();
        var result = _built.Build("--target=Default");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [OneTimeTearDown]
    public void CleanUp() => _built.Dispose();

    private static IEnumerable<(string Stage, string Unit)> Ran(RunReport report) =>
        report.Units.Where(u => u.Status == UnitDecision.Ran).Select(u => (u.Stage, u.Unit));

    [Test]
    public void Should_Produce_Models_Metrics_Package_And_Manifest_On_A_Cold_Build()
    {
        var report = _built.Report();

        Assert.That(report.Units.Count(u => u.Stage == "ExtractFeatures"), Is.EqualTo(48));
        Assert.That(report.Units.Where(u => u.Stage != "FetchData").Select(u => u.Status), Is.All.EqualTo(UnitDecision.Ran));
        foreach (var label in SmallWorkspace.Classes)
        {
            Assert.That(File.Exists(_built.Directory.Combine($"artifacts/models/{label}.model")), label);
            Assert.That(File.Exists(_built.Directory.Combine($"artifacts/models/{label}.json")), label);
        }
        var metrics = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(_built.Directory.Combine("artifacts/evaluation/metrics.json")));
        Assert.That(metrics.Properties().Select(p => p.Name),
            Is.EqualTo(new[] { "accuracy", "macroF1", "trainCount", "testCount", "classes", "perClass", "confusion" }));
        Assert.That(((int)metrics["trainCount"]!, (int)metrics["testCount"]!), Is.EqualTo((18, 30)));
        Assert.That(File.Exists(_built.Directory.Combine("artifacts/package/spoken-digits.zip")));
        var manifest = File.ReadAllText(_built.Directory.Combine("artifacts/manifest.json"));
        Assert.That(manifest, Does.Contain(ContentHash.OfFile(_built.Directory.Combine("artifacts/package/spoken-digits.zip"))));
        var parity = Newtonsoft.Json.Linq.JObject.Parse(manifest)["onnxParity"]!;
        Assert.That(((int)parity["files"]!, (int)parity["sameClass"]!, (bool)parity["passed"]!), Is.EqualTo((30, 30, true)));
        using var zip = System.IO.Compression.ZipFile.OpenRead(_built.Directory.Combine("artifacts/package/spoken-digits.zip"));
        Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain("model.onnx"));
    }

    [Test]
    public void Should_Run_Nothing_On_A_Second_Build_And_Say_So()
    {
        // Given
        using var workspace = _built.Clone();

        // When
        var result = workspace.Build("--target=Default");

        // Then
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Ran(workspace.Report()), Is.Empty);
        Assert.That(result.Output, Does.Contain("ExtractFeatures: 48 up-to-date"));
        Assert.That(result.Output, Does.Contain("Train[1]: up-to-date (unchanged; key "));
    }

    [Test]
    public void Should_Rerun_Exactly_The_Changed_Files_Unit_Its_Class_And_The_Single_Units_Downstream()
    {
        // Given: one recording of class 1 replaced by another real recording
        using var workspace = _built.Clone();
        File.Copy(BundledRecordings.PathOf("1/1_nicolas_20.wav"), Path.Combine(workspace.Audio, "1/1_theo_6.wav"), overwrite: true);

        // When
        var result = workspace.Build("--target=Default");

        // Then
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Ran(workspace.Report()), Is.EqualTo(new[]
        {
            ("ExtractFeatures", "1/1_theo_6.wav"),
            ("Train", "1"),
            ("Score", "1"),
            ("Evaluate", "evaluation"),
            ("Package", "package"),
            ("WriteManifest", "manifest"),
        }));
        Assert.That(result.Output, Does.Contain("ExtractFeatures: 47 up-to-date, 1 ran (data/1/1_theo_6.wav changed)"));
        Assert.That(result.Output, Does.Contain("Train[1]: ran — input artifacts/features/1/1_theo_6.wav.mfcc changed"));
    }

    [Test]
    public void Should_Retrain_Every_Class_And_Extract_Nothing_When_A_Training_Parameter_Changes()
    {
        // Given
        using var workspace = _built.Clone();
        var config = workspace.Directory.Combine("config/workflow.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"varianceFloor\": 0.7", "\"varianceFloor\": 0.01"));

        // When
        var result = workspace.Build("--target=Train");

        // Then
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Ran(workspace.Report()), Is.EqualTo(SmallWorkspace.Classes.Select(c => ("Train", c))));
        Assert.That(result.Output, Does.Contain("Train[0]: ran — parameter train.varianceFloor changed (0.7 → 0.01)"));
    }

    [Test]
    public void Should_Restore_A_Deleted_Model_Without_Training()
    {
        // Given
        using var workspace = _built.Clone();
        var model = workspace.Directory.Combine("artifacts/models/2.model");
        var before = ContentHash.OfFile(model);
        File.Delete(model);

        // When
        var result = workspace.Build("--target=Train");

        // Then
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Ran(workspace.Report()), Is.Empty);
        Assert.That(ContentHash.OfFile(model), Is.EqualTo(before));
        Assert.That(result.Output, Does.Contain("Train[2]: up-to-date (restored artifacts/models/2.model (deleted) from cache"));
    }

    [Test]
    public void Should_Plan_Without_Running_Or_Writing_Anything()
    {
        // Given
        using var workspace = _built.Clone();
        File.Copy(BundledRecordings.PathOf("0/0_nicolas_30.wav"), Path.Combine(workspace.Audio, "0/0_jackson_7.wav"), overwrite: true);
        var reportBefore = File.ReadAllText(workspace.Directory.Combine("artifacts/run-report.json"));

        // When
        var result = workspace.Build("--target=Train", "--plan");

        // Then
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("ExtractFeatures: 47 up-to-date, 1 would run (data/0/0_jackson_7.wav changed)"));
        Assert.That(result.Output, Does.Contain("Train[0]: would run — input artifacts/features/0/0_jackson_7.wav.mfcc will be rebuilt"));
        Assert.That(File.ReadAllText(workspace.Directory.Combine("artifacts/run-report.json")), Is.EqualTo(reportBefore));
    }

    [Test]
    public void Should_Record_A_Jit_Profile_Per_Target_Except_When_Planning_And_Build_Alike_From_A_Damaged_One()
    {
        // Given: the cold build recorded its target's profile when it exited
        using var workspace = _built.Clone();
        var folder = workspace.Directory.Combine(".workflow/jit");
        Assert.That(File.Exists(Path.Combine(folder, "Default.jitprofile")), Is.True);
        Directory.Delete(folder, recursive: true);

        // When: a plan, which writes nothing
        var plan = workspace.Build("--target=Train", "--plan");

        // Then: no profile either
        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(Directory.Exists(folder), Is.False);

        // When: a build, then another from a scrambled profile
        Assert.That(workspace.Build("--target=Train").ExitCode, Is.Zero);
        var profile = Path.Combine(folder, "Train.jitprofile");
        var bytes = File.ReadAllBytes(profile);
        var random = new Random(7);
        for (var i = 0; i < 500; i++) bytes[16 + random.Next(bytes.Length - 16)] = (byte)random.Next(256);
        File.WriteAllBytes(profile, bytes);
        var again = workspace.Build("--target=Train");

        // Then: the same no-op, and a profile the runtime wrote again
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(Ran(workspace.Report()), Is.Empty);
        Assert.That(File.ReadAllBytes(profile), Is.Not.EqualTo(bytes));
    }

    [Test]
    public void Should_Give_Byte_Identical_Models_And_Package_From_A_Separate_Cold_Build()
    {
        // Given
        using var fresh = SmallWorkspace.Create();

        // When
        var result = fresh.Build("--target=Package");

        // Then
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        const string package = "artifacts/package/spoken-digits.zip";
        Assert.That(ContentHash.OfFile(fresh.Directory.Combine(package)), Is.EqualTo(ContentHash.OfFile(_built.Directory.Combine(package))));
        // No clock in any model file: timings live only in the run report.
        foreach (var model in Directory.EnumerateFiles(_built.Directory.Combine("artifacts/models")))
        {
            var name = Path.GetRelativePath(_built.Root, model);
            Assert.That(File.ReadAllBytes(fresh.Directory.Combine(name)), Is.EqualTo(File.ReadAllBytes(model)), name);
        }
    }

    [Test]
    public void Should_Fail_With_Cakes_Error_For_An_Unknown_Target()
    {
        using var workspace = _built.Clone();

        var result = workspace.Build("--target=Trian");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output, Does.Contain("The target 'Trian' was not found"));
    }

    [Test]
    public void Should_Report_A_Bad_Setting_In_One_Line_Without_A_Stack_Trace()
    {
        // Given
        using var workspace = _built.Clone();
        var config = workspace.Directory.Combine("config/workflow.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"seed\": 42", "\"sed\": 42"));

        // When
        var result = workspace.Build("--target=Train");

        // Then
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output, Does.Contain("config/workflow.json: unknown setting 'train.sed' at line"));
        Assert.That(result.Output, Does.Not.Contain("   at "));
    }

    [Test]
    public void Should_Fail_Before_Training_Listing_Every_Unreadable_Recording()
    {
        // Given
        using var workspace = _built.Clone();
        File.WriteAllText(Path.Combine(workspace.Audio, "2/2_theo_7.wav"), "ID3 not a wav");
        File.WriteAllBytes(Path.Combine(workspace.Audio, "0/0_theo_6.wav"), File.ReadAllBytes(Path.Combine(workspace.Audio, "0/0_theo_6.wav"))[..30]);

        // When
        var result = workspace.Build("--target=Train");

        // Then
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output, Does.Contain("ExtractFeatures: 2 of 48 unit(s) failed, so nothing after it ran:"));
        Assert.That(result.Output, Does.Contain("2_theo_7.wav is not a RIFF/WAVE file"));
        Assert.That(result.Output, Does.Contain("0_theo_6.wav"));
        Assert.That(result.Output, Does.Contain("set audio.onBadFile to \"skip\""));
        Assert.That(result.Output, Does.Not.Contain("Train["));
    }

    [Test]
    public void Should_Skip_Unreadable_Recordings_And_Report_Each_When_The_Config_Says_So()
    {
        // Given
        using var workspace = _built.Clone();
        File.WriteAllText(Path.Combine(workspace.Audio, "2/2_theo_7.wav"), "ID3 not a wav");
        var config = workspace.Directory.Combine("config/workflow.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"sampleRate\": 8000", "\"sampleRate\": 8000, \"onBadFile\": \"skip\""));

        // When
        var result = workspace.Build("--target=Default");

        // Then
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("ExtractFeatures: 47 up-to-date, 1 skipped"));
        Assert.That(result.Output, Does.Contain("ExtractFeatures[2/2_theo_7.wav]: skipped — "));
        Assert.That(Ran(workspace.Report()), Is.EqualTo(new[]
        {
            ("Train", "2"), ("Score", "2"), ("Evaluate", "evaluation"), ("Package", "package"), ("WriteManifest", "manifest"),
        }));
    }

    [Test]
    public void Should_Register_The_Package_Once_And_Return_The_Same_Version_For_The_Same_Bytes()
    {
        // Given
        using var workspace = _built.Clone();
        var registry = workspace.Directory.Combine("registry");

        // When
        var first = workspace.Build("--target=Register", $"--registry={registry}");
        var second = workspace.Build("--target=Register", $"--registry={registry}");

        // Then
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.Output, Does.Contain("Registered spoken-digits/1 (package sha256 "));
        Assert.That(second.Output, Does.Contain("spoken-digits/1 already holds these exact package bytes"));
        var registered = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(workspace.Directory.Combine("artifacts/registered.json")));
        Assert.That(((int)registered["version"]!, (bool)registered["isNew"]!), Is.EqualTo((1, false)));
        Assert.That((string)registered["packageSha256"]!, Is.EqualTo(ContentHash.OfFile(workspace.Directory.Combine("artifacts/package/spoken-digits.zip"))));

        // And both engines classify the test recordings alike
        var store = new Workflow.Registry.ModelRegistry(registry);
        using var native = Workflow.Registry.RegisteredModel.Open(store, "spoken-digits/1");
        using var onnx = Workflow.Registry.RegisteredModel.Open(store, "spoken-digits", Workflow.Registry.ClassifierEngine.Onnx);
        foreach (var wav in Directory.EnumerateFiles(workspace.Audio, "*_[0-4].wav", SearchOption.AllDirectories))
            Assert.That(onnx.Classify(wav).Predicted, Is.EqualTo(native.Classify(wav).Predicted), wav);
    }
}
