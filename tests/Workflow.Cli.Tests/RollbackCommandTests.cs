using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class RollbackCommandTests
{
    [Test]
    public void Should_Move_The_Alias_Back_After_Two_Promotions()
    {
        // Given
        using var registry = new CliRegistry().WithVersions(2);
        registry.Run("alias", "set", "tones/1", "prod");
        registry.Run("alias", "set", "tones/2", "prod");

        // When
        var result = registry.Run("rollback", "tones@prod");

        // Then
        Assert.That((result.ExitCode, result.Stdout), Is.EqualTo((0, "tones@prod rolled back: tones/2 → tones/1\n")), result.ToString());
        Assert.That(registry.Library.Resolve("tones@prod").Version, Is.EqualTo(1));
        Assert.That(registry.Library.History("tones").Last().Action, Is.EqualTo("rollback"));
    }

    [Test]
    public void Should_Refuse_Without_An_Earlier_Version()
    {
        using var registry = new CliRegistry().WithVersions(1);
        registry.Run("alias", "set", "tones/1", "prod");

        var result = registry.Run("rollback", "tones@prod");

        Assert.That((result.ExitCode, result.Stderr), Is.EqualTo((1, "tones@prod has no earlier version in its history to go back to; see: history tones --alias prod.\n")));
    }
}
