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
