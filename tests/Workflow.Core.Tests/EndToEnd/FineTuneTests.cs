using Newtonsoft.Json.Linq;
using Workflow.Pipeline;
using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>
/// Fine-tuning through the real <c>./build.sh</c>: two versions of spoken-digits are registered from a small workspace
/// (seeds 42 and 43), <c>prod</c> points at the first, and another workspace — without class 2's training recordings —
/// fine-tunes <c>spoken-digits@prod</c> and registers the result in the same registry.
/// </summary>
[NonParallelizable]
public sealed class FineTuneTests
{
    private SmallWorkspace _base = null!;
    private SmallWorkspace _tuned = null!;
    private BuildScript.Result _first = null!;
    private string Registry => _base.Directory.Combine("registry");

    [OneTimeSetUp]
    public void RegisterBaseAndFineTune()
    {
        _base = SmallWorkspace.Create();
        Succeeded(_base.Build("--target=Register", $"--registry={Registry}"));
        EditConfig(_base, "\"seed\": 42", "\"seed\": 43");
        Succeeded(_base.Build("--target=Register", $"--registry={Registry}"));
        new ModelRegistry(Registry).SetAlias("spoken-digits/1", "prod");

        _tuned = SmallWorkspace.Create();
        // Class 2: test recordings only (takes 0-4), so it keeps the base's model and is still evaluated.
        foreach (var take in Directory.EnumerateFiles(Path.Combine(_tuned.Audio, "2")).Where(f => !System.Text.RegularExpressions.Regex.IsMatch(f, "_[0-4]\\.wav$")))
            File.Delete(take);
        SetBase(_tuned, "spoken-digits@prod");
        _first = _tuned.Build("--target=Register", $"--registry={Registry}");
        Succeeded(_first);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        _base.Dispose();
        _tuned.Dispose();
    }

    private static void Succeeded(BuildScript.Result result) => Assert.That(result.ExitCode, Is.Zero, result.ToString());

    private static void EditConfig(SmallWorkspace workspace, string from, string to)
    {
        var path = workspace.Directory.Combine("config/workflow.json");
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(from));
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static void SetBase(SmallWorkspace workspace, string reference) =>
        EditConfig(workspace, "\"train\": {", $"\"train\": {{ \"base\": \"{reference}\",");

    [Test]
    public void Should_Say_For_Each_Class_Whether_It_Was_Adapted_Or_Kept()
    {
        Assert.That(_first.Output, Does.Contain("Train[0]: ran — no previous run; adapted from spoken-digits/1"));
        Assert.That(_first.Output, Does.Contain("Train[2]: ran — no previous run; no training recordings of it here: kept spoken-digits/1's model unchanged"));
    }

    [Test]
    public void Should_Keep_The_Bases_Model_Of_A_Class_Without_Training_Recordings_Evaluate_And_Package_It()
    {
        // Given
        var registry = new ModelRegistry(Registry);
        using var basePackage = System.IO.Compression.ZipFile.OpenRead(registry.PackagePath(registry.Resolve("spoken-digits/1")));
        using var tuned = System.IO.Compression.ZipFile.OpenRead(_tuned.Directory.Combine("artifacts/package/spoken-digits.zip"));

        // Then
        Assert.That(Bytes(tuned, "models/2.model"), Is.EqualTo(Bytes(basePackage, "models/2.model")));
        Assert.That(Bytes(tuned, "models/0.model"), Is.Not.EqualTo(Bytes(basePackage, "models/0.model")));
        var metrics = JObject.Parse(File.ReadAllText(_tuned.Directory.Combine("artifacts/evaluation/metrics.json")));
        Assert.That((int)metrics.SelectToken("perClass.2.support")!, Is.EqualTo(10), "class 2's test recordings are still evaluated");
    }

    [Test]
    public void Should_Record_The_Base_Version_In_The_Package_The_Manifest_And_The_Registry()
    {
        // Given
        var registry = new ModelRegistry(Registry);
        var expected = new BaseVersion("spoken-digits@prod", "spoken-digits/1", registry.Resolve("spoken-digits/1").PackageSha256);
        using var zip = System.IO.Compression.ZipFile.OpenRead(_tuned.Directory.Combine("artifacts/package/spoken-digits.zip"));
        var package = JObject.Parse(System.Text.Encoding.UTF8.GetString(Bytes(zip, "package.json")));
        var manifest = JObject.Parse(File.ReadAllText(_tuned.Directory.Combine("artifacts/manifest.json")));

        // Then
        Assert.That(package["base"]!.ToObject<BaseVersion>(), Is.EqualTo(expected));
        Assert.That(manifest["base"]!.ToObject<BaseVersion>(), Is.EqualTo(expected));
        Assert.That(registry.Resolve("spoken-digits/3").Lineage.Base, Is.EqualTo(expected));
        Assert.That(registry.Resolve("spoken-digits/1").Lineage.Base, Is.Null);
    }

    [Test]
    public void Should_Rerun_The_Train_Units_And_Not_The_Features_When_The_Alias_Moves()
    {
        // Given
        using var workspace = _tuned.Clone();
        new ModelRegistry(Registry).SetAlias("spoken-digits/2", "prod");
        try
        {
            // When
            var result = workspace.Build("--target=Evaluate", $"--registry={Registry}");

            // Then
            Succeeded(result);
            var units = workspace.Report().Units;
            Assert.That(units.Where(u => u.Stage == "ExtractFeatures").Select(u => u.Status), Is.All.EqualTo(UnitDecision.UpToDate));
            Assert.That(units.Where(u => u.Stage == "Train").Select(u => (u.Unit, u.Status)),
                Is.EqualTo(new[] { ("0", "ran"), ("1", "ran"), ("2", "ran") }));
            Assert.That(units.Single(u => u.Stage == "Train" && u.Unit == "0").Reason,
                Does.StartWith("parameter train.base.sha256 changed (").And.EndWith("; adapted from spoken-digits/2"));
        }
        finally
        {
            new ModelRegistry(Registry).SetAlias("spoken-digits/1", "prod");
        }
    }

    [Test]
    public void Should_Refuse_A_Base_That_Does_Not_Exist_With_A_Clear_Message()
    {
        // Given
        using var workspace = _tuned.Clone();
        EditConfig(workspace, "spoken-digits@prod", "spoken-digits@staging");

        // When
        var result = workspace.Build("--target=Train", $"--registry={Registry}");

        // Then
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output, Does.Contain(
            "train.base 'spoken-digits@staging': spoken-digits has no alias 'staging'; its aliases are: prod (→ 1)."));
        Assert.That(result.Output, Does.Not.Contain("   at "));
    }

    [Test]
    public void Should_Refuse_A_Base_With_Other_Feature_Settings_Naming_The_Setting()
    {
        // Given
        using var workspace = _tuned.Clone();
        EditConfig(workspace, "\"nMfcc\": 9", "\"nMfcc\": 8");

        // When
        var result = workspace.Build("--target=Train", $"--registry={Registry}");

        // Then
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output, Does.Contain(
            "train.base 'spoken-digits@prod': its features.nMfcc is 9, this config has 8; fine-tuning needs the same feature settings."));
    }

    private static byte[] Bytes(System.IO.Compression.ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
