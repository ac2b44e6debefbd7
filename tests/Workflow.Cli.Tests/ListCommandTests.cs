using Newtonsoft.Json.Linq;
using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class ListCommandTests
{
    [Test]
    public void Should_Show_A_Table_Of_Versions_With_Their_Metrics_And_Aliases()
    {
        using var registry = new CliRegistry().WithVersions(2);
        registry.Library.SetAlias("tones/2", "prod");

        var result = registry.Run("list");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("accuracy").And.Contain("tones/1").And.Contain("tones/2"));
        Assert.That(result.Stdout.Split('\n').Single(l => l.Contains("tones/2")), Does.Contain("prod").And.Contain("0.75"));
    }

    [Test]
    public void Should_Sort_By_A_Metric_And_Filter_By_Tag_In_Json()
    {
        // Given
        using var registry = new CliRegistry().WithVersions(3);
        registry.Library.Tag("tones/1", ["keep"], []);
        registry.Library.Tag("tones/3", ["keep"], []);

        // When
        var sorted = registry.Run("list", "--sort", "accuracy", "--json");
        var tagged = registry.Run("list", "--tag", "keep", "--json");

        // Then
        Assert.That(JArray.Parse(sorted.Stdout).Select(v => v.Value<string>("reference")), Is.EqualTo(new[] { "tones/3", "tones/2", "tones/1" }));
        Assert.That(JArray.Parse(tagged.Stdout).Select(v => v.Value<string>("reference")), Is.EqualTo(new[] { "tones/1", "tones/3" }));
    }

    [Test]
    public void Should_Filter_By_Name_And_Alias()
    {
        using var registry = new CliRegistry().WithVersions(2).WithVersions(1, "other");
        registry.Library.SetAlias("tones/1", "prod");
        registry.Library.SetAlias("other/1", "prod");

        var byName = registry.Run("list", "--name", "other", "--json");
        var byAlias = registry.Run("list", "--alias", "prod", "--json");

        Assert.That(JArray.Parse(byName.Stdout).Select(v => v.Value<string>("reference")), Is.EqualTo(new[] { "other/1" }));
        Assert.That(JArray.Parse(byAlias.Stdout).Select(v => v.Value<string>("reference")), Is.EqualTo(new[] { "other/1", "tones/1" }));
    }

    [Test]
    public void Should_Say_So_When_The_Registry_Is_Empty()
    {
        using var registry = new CliRegistry();

        var result = registry.Run("list");

        Assert.That((result.ExitCode, result.Stdout), Is.EqualTo((0, $"No versions to list in {registry.Root}.\n")));
    }

    [Test]
    public void Should_List_The_Models_For_An_Unknown_Name()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("list", "--name", "digits");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Is.EqualTo($"No model named 'digits' in the registry {registry.Root}; it holds: tones.\n"));
    }

    [Test]
    public void Should_Use_The_Registry_Named_By_The_Environment()
    {
        // Given
        using var registry = new CliRegistry().WithVersions(1);

        // When
        var result = CliProcess.Run(registry.Temp.Path, new Dictionary<string, string> { ["WORKFLOW_REGISTRY"] = registry.Root }, "list", "--json");

        // Then
        Assert.That(JArray.Parse(result.Stdout).Single().Value<string>("reference"), Is.EqualTo("tones/1"), result.ToString());
    }
}
