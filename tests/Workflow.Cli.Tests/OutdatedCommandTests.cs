using Newtonsoft.Json.Linq;
using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class OutdatedCommandTests
{
    [Test]
    public void Should_Exit_10_Until_Pulled_Then_0_Then_10_When_The_Alias_Moves()
    {
        // Given: tones@prod at version 1, never pulled here
        using var registry = new CliRegistry().WithVersions(2);
        registry.Run("alias", "set", "tones/1", "prod");

        // When / Then
        var before = registry.Run("outdated", "tones@prod", "--json");
        Assert.That(before.ExitCode, Is.EqualTo(10), before.ToString());
        var row = (JObject)JArray.Parse(before.Stdout)[0];
        Assert.That(row.Value<int?>("have"), Is.Null);
        Assert.That(row.Value<int>("now"), Is.EqualTo(1));

        var pull = registry.Run("pull", "tones@prod");
        Assert.That(pull.ExitCode, Is.EqualTo(0), pull.ToString());
        Assert.That(pull.Stdout, Does.Contain("tones/1"));

        var current = registry.Run("outdated", "tones@prod");
        Assert.That(current.ExitCode, Is.EqualTo(0), current.ToString());
        Assert.That(current.Stdout, Does.Contain("up to date"));

        registry.Run("alias", "set", "tones/2", "prod");
        var moved = registry.Run("outdated", "tones@prod", "--json");
        Assert.That(moved.ExitCode, Is.EqualTo(10), moved.ToString());
        row = (JObject)JArray.Parse(moved.Stdout)[0];
        Assert.That((row.Value<int>("have"), row.Value<int>("now"), row.Value<bool>("updateAvailable")), Is.EqualTo((1, 2, true)));
        var library = registry.Library.ReadIndex().EntryOf("tones");
        var expected = library.Find(2)!.Metrics["accuracy"] - library.Find(1)!.Metrics["accuracy"];
        Assert.That(row["metricDeltas"]!.Value<double>("accuracy"), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void Should_Exit_1_Naming_The_Reference_It_Cannot_Resolve()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("outdated", "tones@prod");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain("prod").And.Contain("tones"), result.ToString());
    }

    [Test]
    public void Should_Check_The_Configs_Deploy_Models_When_No_Reference_Is_Given()
    {
        using var registry = new CliRegistry().WithVersions(1);
        registry.Run("alias", "set", "tones/1", "prod");
        var config = registry.Temp.Write("workflow.json", """{ "deploy": { "models": ["tones@prod", "tones/1"] } }""");

        var result = registry.Run("outdated", "--config", config, "--json");

        Assert.That(result.ExitCode, Is.EqualTo(10), result.ToString());
        Assert.That(JArray.Parse(result.Stdout).Select(r => r.Value<string>("reference")), Is.EqualTo(new[] { "tones@prod", "tones/1" }));
    }

    [Test]
    public void Should_Refuse_A_Bad_Deploy_Reference_Naming_The_Setting()
    {
        using var registry = new CliRegistry().WithVersions(1);
        var config = registry.Temp.Write("workflow.json", """{ "deploy": { "models": ["Tones@@prod"] } }""");

        var result = registry.Run("outdated", "--config", config);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.StartWith($"{config}: deploy.models: 'Tones@@prod' is not a version reference"), result.ToString());
    }
}
