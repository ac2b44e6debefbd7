using Newtonsoft.Json.Linq;
using Workflow.Cli.Tests.Fixtures;
using Workflow.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class PredictCommandTests
{
    [Test]
    public void Should_Classify_Each_File_With_The_Aliased_Version()
    {
        // Given
        using var registry = new CliRegistry().WithVersions(2);
        registry.Run("alias", "set", "tones/1", "prod");
        var low = RegistryPackages.WriteTone(registry.Temp.Combine("audio/low.wav"), 300, seed: 11);
        var high = RegistryPackages.WriteTone(registry.Temp.Combine("audio/high.wav"), 2500, seed: 12);

        // When
        var json = registry.Run("predict", "tones@prod", low, high, "--json");
        var table = registry.Run("predict", "tones@prod", low);

        // Then
        Assert.That(json.ExitCode, Is.EqualTo(0), json.ToString());
        var document = JObject.Parse(json.Stdout);
        Assert.That(document.Value<string>("version"), Is.EqualTo("tones/1"));
        Assert.That(document["results"]!.Select(r => (r.Value<string>("file"), r.Value<string>("predicted"))),
            Is.EqualTo(new[] { (low, "low"), (high, "high") }));
        Assert.That(((JObject)document["results"]![0]!["scores"]!).Properties().Select(p => p.Name), Is.EqualTo(new[] { "high", "low", "mid" }));
        Assert.That(table.Stdout, Does.StartWith("tones/1:\n").And.Contain("score mid"));
    }

    [Test]
    public void Should_Name_A_Missing_Wav()
    {
        using var registry = new CliRegistry().WithVersions(1);
        var missing = registry.Temp.Combine("nope.wav");

        var result = registry.Run("predict", "tones", missing);

        Assert.That((result.ExitCode, result.Stderr), Is.EqualTo((1, $"{missing} does not exist; check the path or fetch the data again.\n")));
    }
}
