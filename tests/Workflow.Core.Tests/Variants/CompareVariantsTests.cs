using Newtonsoft.Json.Linq;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Variants;

/// <summary>
/// <c>./build.sh --target=CompareVariants</c> on a small workspace with two variants that share their feature
/// settings, then the builds that follow it.
/// </summary>
[NonParallelizable]
public sealed class CompareVariantsTests
{
    private SmallWorkspace _workspace = null!;
    private BuildScript.Result _compare = null!;

    [OneTimeSetUp]
    public void Compare()
    {
        _workspace = SmallWorkspace.Create();
        var path = _workspace.Directory.Combine("config/workflow.json");
        var config = File.ReadAllText(path);
        const string anchor = "  // How artifacts share storage";
        Assert.That(config, Does.Contain(anchor));
        File.WriteAllText(path, config.Replace(anchor, """
              "variants": {
                "fewer": { "train": { "hmm": { "states": 3 } } },
                "longer": { "train": { "hmm": { "iterations": 12 } } }
              },
              "selection": { "metric": "macroF1" },
            """ + "\n" + anchor));
        _compare = _workspace.Build("--target=CompareVariants");
        Assert.That(_compare.ExitCode, Is.Zero, _compare.ToString());
    }

    [OneTimeTearDown]
    public void CleanUp() => _workspace.Dispose();

    [Test]
    public void Should_Extract_The_Shared_Features_Once()
    {
        var second = _compare.Output[_compare.Output.IndexOf("CompareVariants: variant 'longer'", StringComparison.Ordinal)..];

        Assert.That(_compare.Output, Does.Contain("ExtractFeatures: 0 up-to-date, 48 ran"));
        Assert.That(second, Does.Contain("ExtractFeatures: 48 up-to-date"));
        Assert.That(second, Does.Contain("Train[0]: ran — parameter train.hmm.iterations changed (10 → 12)"));
    }

    [Test]
    public void Should_Write_The_Comparison_And_Name_The_Champion()
    {
        var rows = File.ReadAllLines(_workspace.Directory.Combine("artifacts/variants/comparison.csv"));
        var champion = JObject.Parse(File.ReadAllText(_workspace.Directory.Combine("artifacts/variants/champion.json")));
        var png = File.ReadAllBytes(_workspace.Directory.Combine("artifacts/variants/comparison.png"));

        Assert.That(rows[0], Is.EqualTo("variant,accuracy,macroF1,unitsRan,units,champion,overrides"));
        Assert.That(rows.Skip(1).Select(r => r.Split(',')[0]), Is.EqualTo(new[] { "fewer", "longer" }));
        Assert.That(rows.Count(r => r.Contains(",true,", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(rows[1], Does.EndWith(",train.hmm.states=3"));
        Assert.That((string)champion["metric"]!, Is.EqualTo("macroF1"));
        Assert.That(rows.Single(r => r.Contains(",true,", StringComparison.Ordinal)), Does.StartWith((string)champion["variant"]! + ","));
        Assert.That(png[..4], Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        Assert.That(_compare.Output, Does.Contain($"Champion: {(string)champion["variant"]!} (macroF1 "));
    }

    [Test]
    public void Should_Package_The_Champion_And_Say_So_In_The_Manifest()
    {
        using var clone = _workspace.Clone();
        var champion = (string)JObject.Parse(File.ReadAllText(clone.Directory.Combine("artifacts/variants/champion.json")))["variant"]!;

        var build = clone.Build("--target=WriteManifest");
        var manifest = JObject.Parse(File.ReadAllText(clone.Directory.Combine("artifacts/manifest.json")));

        Assert.That(build.ExitCode, Is.Zero, build.ToString());
        Assert.That(build.Output, Does.Contain($"Variant: {champion}, from the champion of the last CompareVariants (macroF1 "));
        Assert.That(build.Output, Does.Not.Contain("Train[0]: ran"), "the champion's models were left in the workspace");
        Assert.That((string)manifest.SelectToken("variant.name")!, Is.EqualTo(champion));
    }

    [Test]
    public void Should_Build_The_Variant_Named_By_The_Argument()
    {
        using var clone = _workspace.Clone();

        var build = clone.Build("--target=WriteManifest", "--variant=longer");
        var manifest = JObject.Parse(File.ReadAllText(clone.Directory.Combine("artifacts/manifest.json")));

        Assert.That(build.ExitCode, Is.Zero, build.ToString());
        Assert.That(build.Output, Does.Contain("Variant: longer, from --variant"));
        Assert.That(((string)manifest.SelectToken("variant.name")!, (string)manifest.SelectToken("variant.why")!), Is.EqualTo(("longer", "--variant")));
    }
}
