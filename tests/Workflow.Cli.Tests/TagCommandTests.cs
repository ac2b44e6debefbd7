using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class TagCommandTests
{
    [Test]
    public void Should_Add_And_Remove_Tags()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var added = registry.Run("tag", "tones/1", "baseline", "reviewed");
        var removed = registry.Run("tag", "tones/1", "reviewed", "--remove");

        Assert.That(added.Stdout, Is.EqualTo("tones/1 tags: baseline, reviewed\n"), added.ToString());
        Assert.That(removed.Stdout, Is.EqualTo("tones/1 tags: baseline\n"));
        Assert.That(registry.Library.Resolve("tones/1").Tags, Is.EqualTo(new[] { "baseline" }));
    }
}
