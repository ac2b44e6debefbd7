using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class AliasCommandTests
{
    [Test]
    public void Should_Set_Move_And_Delete_An_Alias()
    {
        using var registry = new CliRegistry().WithVersions(2);

        var set = registry.Run("alias", "set", "tones/1", "prod");
        var moved = registry.Run("alias", "set", "tones", "prod");
        var same = registry.Run("alias", "set", "tones/2", "prod");
        var deleted = registry.Run("alias", "delete", "tones@prod");

        Assert.That(set.Stdout, Is.EqualTo("tones@prod: - → tones/1\n"), set.ToString());
        Assert.That(moved.Stdout, Is.EqualTo("tones@prod: tones/1 → tones/2\n"));
        Assert.That(same.Stdout, Is.EqualTo("prod already points at tones/2; nothing changed.\n"));
        Assert.That(deleted.Stdout, Is.EqualTo("Deleted tones@prod (was tones/2).\n"));
        Assert.That(registry.Library.ReadIndex().EntryOf("tones").Aliases, Is.Empty);
    }

    [Test]
    public void Should_Refuse_An_Invalid_Alias()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("alias", "set", "tones/1", "PROD");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Is.EqualTo(
            "'PROD' is not a valid alias; use a lowercase letter, then up to 31 lowercase letters, digits, '_' or '-' (e.g. prod, staging).\n"));
    }
}
