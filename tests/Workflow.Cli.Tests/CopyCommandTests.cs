using Workflow.Cli.Tests.Fixtures;
using Workflow.Registry;

namespace Workflow.Cli.Tests;

public sealed class CopyCommandTests
{
    [Test]
    public void Should_Copy_A_Version_With_Its_Metadata_Idempotently_And_Record_It_In_Both_Histories()
    {
        // Given: staging holds tones/1 and tones/2 (prod at 2); production is empty
        using var staging = new CliRegistry().WithVersions(2);
        staging.Run("alias", "set", "tones/2", "prod");
        Assert.That(staging.Run("tag", "tones/2", "reviewed").ExitCode, Is.EqualTo(0));
        var production = staging.Temp.Combine("production");

        // When
        var first = staging.Run("copy", "tones@prod", "--to", production, "--alias", "prod");
        var again = staging.Run("copy", "tones@prod", "--to", production, "--alias", "prod");

        // Then: production's tones/1 is staging's tones/2, bytes, metadata and lineage alike
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Stdout, Is.EqualTo($"Copied tones/2 to {production} as tones/1.\ntones@prod now points at tones/1 there.\n"));
        Assert.That(again.Stdout, Is.EqualTo($"{production} already holds tones/2's package as tones/1; nothing copied.\n"), again.ToString());
        var source = staging.Library.ReadIndex().EntryOf("tones").Find(2)!;
        var target = new ModelRegistry(production);
        var copy = target.ReadIndex().EntryOf("tones").Find(1)!;
        Assert.That(copy.PackageSha256, Is.EqualTo(source.PackageSha256));
        Assert.That(copy.Lineage, Is.EqualTo(source.Lineage).Using<VersionLineage>((a, b) => a.ManifestSha256 == b.ManifestSha256 && a.DataHash == b.DataHash));
        Assert.That(copy.Metrics, Is.EqualTo(source.Metrics));
        Assert.That(copy.Tags, Is.EqualTo(new[] { "reviewed" }));
        Assert.That(copy.CopiedFrom, Is.EqualTo($"{staging.Root} tones/2"));
        Assert.That(target.ReadIndex().EntryOf("tones").Aliases["prod"], Is.EqualTo(1));
        Assert.That(target.Verify().Problems, Is.Empty);
        Assert.That(target.History().Select(m => m.Action), Is.EqualTo(new[] { AliasActions.CopyIn, AliasActions.Set }));
        Assert.That(staging.Library.History().Select(m => (m.Action, m.Peer)), Does.Contain((AliasActions.CopyOut, (string?)production)));
    }

    [Test]
    public void Should_Refuse_To_Copy_A_Registry_Onto_Itself()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("copy", "tones/1", "--to", registry.Root);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Is.EqualTo($"copy: {registry.Root} is both the source and the target; name another registry with --to.\n"));
    }
}
