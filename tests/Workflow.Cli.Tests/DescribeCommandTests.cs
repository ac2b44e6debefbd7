using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class DescribeCommandTests
{
    [Test]
    public void Should_Set_The_Description()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("describe", "tones", "Gaussian baseline on tones");

        Assert.That(result.Stdout, Is.EqualTo("tones/1: Gaussian baseline on tones\n"), result.ToString());
        Assert.That(registry.Library.Resolve("tones/1").Description, Is.EqualTo("Gaussian baseline on tones"));
    }
}
