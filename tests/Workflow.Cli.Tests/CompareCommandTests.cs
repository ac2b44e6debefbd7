using Newtonsoft.Json.Linq;
using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class CompareCommandTests
{
    [Test]
    public void Should_Write_The_Csv_And_The_Chart_And_Mark_Differences()
    {
        // Given
        using var registry = new CliRegistry().WithVersions(3);
        var csv = registry.Temp.Combine("out/compare.csv");
        var png = registry.Temp.Combine("out/accuracy.png");

        // When
        var result = registry.Run("compare", "tones/1", "tones/2", "tones", "--csv", csv, "--chart", png);

        // Then
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.StartWith($"Wrote {csv}\nWrote {png} (accuracy)\n"));
        Assert.That(result.Stdout.Split('\n').Single(l => l.Contains("varianceFloor")), Does.Contain("0.001").And.Contain("0.003").And.Contain("*"));
        Assert.That(File.ReadAllLines(csv), Does.Contain("metric,accuracy,0.7,0.75,0.8,true"));
        Assert.That(File.ReadAllBytes(png)[1..4], Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public void Should_Print_Rows_With_A_Differs_Flag_As_Json()
    {
        using var registry = new CliRegistry().WithVersions(2);

        var result = registry.Run("compare", "tones/1", "tones/2", "--json");

        var json = JObject.Parse(result.Stdout);
        Assert.That(json["versions"]!.ToObject<string[]>(), Is.EqualTo(new[] { "tones/1", "tones/2" }));
        var floor = json["parameters"]!.Single(p => p.Value<string>("name") == "train.varianceFloor");
        Assert.That((floor["values"]!.ToObject<string[]>(), floor.Value<bool>("differs")), Is.EqualTo((new[] { "0.001", "0.002" }, true)));
    }

    [Test]
    public void Should_Need_Two_Versions()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("compare", "tones/1");

        Assert.That((result.ExitCode, result.Stderr), Is.EqualTo((1, "compare needs at least two versions (got 1); e.g. compare spoken-digits/1 spoken-digits@prod.\n")));
    }
}
