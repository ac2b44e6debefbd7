using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class DeleteCommandTests
{
    [Test]
    public void Should_Refuse_While_An_Alias_Points_At_The_Version()
    {
        using var registry = new CliRegistry().WithVersions(1);
        registry.Run("alias", "set", "tones/1", "prod");

        var result = registry.Run("delete", "tones/1");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Is.EqualTo(
            "tones/1 cannot be deleted while aliases point at it: prod; move them (alias set) or delete them (alias delete) first.\n"));
    }

    [Test]
    public void Should_Delete_An_Unaliased_Version()
    {
        using var registry = new CliRegistry().WithVersions(2);

        var result = registry.Run("delete", "tones/1");

        Assert.That(result.Stdout, Does.StartWith("Deleted tones/1; gc removes its package ("), result.ToString());
        Assert.That(registry.Library.ReadIndex().EntryOf("tones").Versions.Select(v => v.Version), Is.EqualTo(new[] { 2 }));
    }
}
