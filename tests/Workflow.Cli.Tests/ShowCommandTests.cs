using Newtonsoft.Json.Linq;
using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class ShowCommandTests
{
    [Test]
    public void Should_Print_Metadata_Metrics_Lineage_And_Parameters_As_Json()
    {
        using var registry = new CliRegistry().WithVersions(2);
        registry.Library.SetAlias("tones/1", "prod");

        var result = registry.Run("show", "tones@prod", "--json");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var json = JObject.Parse(result.Stdout);
        Assert.That(json.Value<string>("reference"), Is.EqualTo("tones/1"));
        Assert.That(json["aliases"]!.ToObject<string[]>(), Is.EqualTo(new[] { "prod" }));
        Assert.That(json.SelectToken("metrics.accuracy")!.Value<double>(), Is.EqualTo(0.7).Within(1e-12));
        Assert.That(json.SelectToken("lineage.gitCommit")!.Value<string>(), Is.EqualTo("0123456789abcdef0123456789abcdef01234567"));
        Assert.That(json.SelectToken("parameters.features.nMfcc")!.Value<int>(), Is.EqualTo(13));
    }

    [Test]
    public void Should_Show_Tables_For_People()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("show", "tones");

        Assert.That(result.Stdout, Does.Contain("tones/1").And.Contain("lineage").And.Contain("git commit").And.Contain("features.nMels"));
    }

    [Test]
    public void Should_Print_The_Version_A_Fine_Tuned_Model_Was_Adapted_From()
    {
        // Given: tones/2's manifest records that it was fine-tuned from tones/1 (train.base tones@prod)
        using var registry = new CliRegistry().WithVersions(1);
        var sha256 = registry.Library.Resolve("tones/1").PackageSha256;
        var files = registry.NewPackage(variant: 1);
        var manifest = JObject.Parse(File.ReadAllText(files.Manifest));
        manifest["base"] = new JObject { ["reference"] = "tones@prod", ["version"] = "tones/1", ["sha256"] = sha256 };
        File.WriteAllText(files.Manifest, manifest.ToString());
        registry.Library.Register(files.Package, files.Manifest, "tones");

        // When
        var table = registry.Run("show", "tones/2");
        var json = registry.Run("show", "tones/2", "--json");
        var scratch = registry.Run("show", "tones/1");

        // Then
        Assert.That(table.Stdout, Does.Contain("fine-tuned from").And.Contain($"tones/1 (train.base tones@prod; package sha256 {sha256})"));
        Assert.That(JObject.Parse(json.Stdout).SelectToken("lineage.base")!.ToString(Newtonsoft.Json.Formatting.None),
            Is.EqualTo($"{{\"reference\":\"tones@prod\",\"version\":\"tones/1\",\"sha256\":\"{sha256}\"}}"));
        Assert.That(scratch.Stdout, Does.Contain("(none: trained from scratch)"));
    }

    [Test]
    public void Should_List_The_Aliases_For_An_Unknown_Alias()
    {
        using var registry = new CliRegistry().WithVersions(2);
        registry.Library.SetAlias("tones/2", "staging");

        var result = registry.Run("show", "tones@prod");

        Assert.That((result.ExitCode, result.Stdout), Is.EqualTo((1, "")));
        Assert.That(result.Stderr, Is.EqualTo("tones has no alias 'prod'; its aliases are: staging (→ 2).\n"));
    }

    [Test]
    public void Should_List_The_Versions_For_An_Unknown_Version()
    {
        using var registry = new CliRegistry().WithVersions(2);

        var result = registry.Run("show", "tones/7");

        Assert.That((result.ExitCode, result.Stderr), Is.EqualTo((1, "tones has no version 7; its versions are: 1, 2.\n")));
    }
}
