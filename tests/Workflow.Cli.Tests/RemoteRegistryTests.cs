using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Cli.Tests.Fixtures;
using Workflow.Tests.Fixtures;

namespace Workflow.Cli.Tests;

/// <summary>
/// Every registry command against a registry on a real server — WebDAV (nginx) and S3 (s3rver) — including
/// concurrent writers and a server that goes away.
/// </summary>
[TestFixture("webdav")]
[TestFixture("s3")]
public sealed class RemoteRegistryTests(string kind)
{
    [Test]
    public void Should_Register_List_Show_Compare_And_Describe()
    {
        // Given
        using var registry = new RemoteCliRegistry(kind);
        var files = registry.NewPackage(variant: 0);

        // When
        var registered = registry.Run("register", files.Package, "--manifest", files.Manifest);
        var again = registry.Run("register", files.Package, "--manifest", files.Manifest);
        registry.Register(variant: 1);
        var list = registry.Run("list", "--json");
        var show = registry.Run("show", "tones/2", "--json");
        var compare = registry.Run("compare", "tones/1", "tones/2", "--json");
        var describe = registry.Run("describe", "tones/1", "Gaussian baseline on tones");

        // Then
        var sha = ContentHash.Short(ContentHash.OfFile(files.Package));
        Assert.That(registered.Stdout, Is.EqualTo($"Registered tones/1 (package sha256 {sha}) in {registry.Url}.\n"), registered.ToString());
        Assert.That(again.Stdout, Is.EqualTo($"tones/1 already holds these exact package bytes (sha256 {sha}); no new version registered.\n"));
        Assert.That(JArray.Parse(list.Stdout).Select(v => v.Value<string>("reference")), Is.EquivalentTo(new[] { "tones/1", "tones/2" }), list.ToString());
        Assert.That(JObject.Parse(show.Stdout).SelectToken("metrics.accuracy")!.Value<double>(), Is.EqualTo(0.75).Within(1e-12), show.ToString());
        Assert.That(JObject.Parse(compare.Stdout)["versions"]!.ToObject<string[]>(), Is.EqualTo(new[] { "tones/1", "tones/2" }), compare.ToString());
        Assert.That(describe.Stdout, Is.EqualTo("tones/1: Gaussian baseline on tones\n"), describe.ToString());
        Assert.That(JObject.Parse(registry.Run("show", "tones/1", "--json").Stdout).Value<string>("description"), Is.EqualTo("Gaussian baseline on tones"));
    }

    [Test]
    public void Should_Set_Move_Roll_Back_And_Delete_An_Alias_With_Its_History()
    {
        // Given
        using var registry = new RemoteCliRegistry(kind);
        registry.Register(variant: 0);
        registry.Register(variant: 1);

        // When
        var set = registry.Run("alias", "set", "tones/1", "prod");
        var moved = registry.Run("alias", "set", "tones/2", "prod");
        var rolledBack = registry.Run("rollback", "tones@prod");
        var shown = registry.Run("show", "tones@prod", "--json");
        var deleted = registry.Run("alias", "delete", "tones@prod");
        var history = registry.Run("history", "tones", "--json");

        // Then
        Assert.That(set.Stdout, Is.EqualTo("tones@prod: - → tones/1\n"), set.ToString());
        Assert.That(moved.Stdout, Is.EqualTo("tones@prod: tones/1 → tones/2\n"), moved.ToString());
        Assert.That(rolledBack.Stdout, Is.EqualTo("tones@prod rolled back: tones/2 → tones/1\n"), rolledBack.ToString());
        Assert.That(JObject.Parse(shown.Stdout).Value<string>("reference"), Is.EqualTo("tones/1"), shown.ToString());
        Assert.That(deleted.Stdout, Is.EqualTo("Deleted tones@prod (was tones/1).\n"), deleted.ToString());
        Assert.That(JArray.Parse(history.Stdout).Select(m => (m.Value<string>("action"), m.Value<int?>("from"), m.Value<int?>("to"))),
            Is.EqualTo(new[] { ("set", (int?)null, (int?)1), ("set", 1, 2), ("rollback", 2, 1), ("delete", 1, null) }), history.ToString());
    }

    [Test]
    public void Should_Tag_Delete_Verify_And_Collect_Garbage()
    {
        // Given
        using var registry = new RemoteCliRegistry(kind);
        registry.Register(variant: 0);
        registry.Register(variant: 1);
        registry.Register(variant: 2);
        var gone = JObject.Parse(registry.Run("show", "tones/2", "--json").Stdout).Value<string>("packageSha256")!;

        // When
        var tagged = registry.Run("tag", "tones/1", "baseline", "reviewed");
        var untagged = registry.Run("tag", "tones/1", "reviewed", "--remove");
        var byTag = registry.Run("list", "--tag", "baseline", "--json");
        var deleted = registry.Run("delete", "tones/2");
        var verified = registry.Run("verify");
        var dryRun = registry.Run("gc", "--dry-run", "--json");
        var gc = registry.Run("gc");
        var gcAgain = registry.Run("gc", "--json");
        var verifiedAfter = registry.Run("verify");

        // Then
        Assert.That(tagged.Stdout, Is.EqualTo("tones/1 tags: baseline, reviewed\n"), tagged.ToString());
        Assert.That(untagged.Stdout, Is.EqualTo("tones/1 tags: baseline\n"), untagged.ToString());
        Assert.That(JArray.Parse(byTag.Stdout).Select(v => v.Value<string>("reference")), Is.EqualTo(new[] { "tones/1" }), byTag.ToString());
        Assert.That(deleted.Stdout, Does.StartWith("Deleted tones/2; gc removes its package ("), deleted.ToString());
        Assert.That((verified.ExitCode, verified.Stdout), Is.EqualTo((0, "OK: 2 version(s), 2 blob(s) verified.\n1 blob(s) no version references; gc removes them.\n")),
            verified.ToString());
        Assert.That(JObject.Parse(dryRun.Stdout)["removed"]!.ToObject<string[]>(), Is.EqualTo(new[] { gone }), dryRun.ToString());
        Assert.That(gc.Stdout, Does.StartWith($"removed {ContentHash.Short(gone)}\nRemoved 1 blob(s), ").And.EndWith("; 2 referenced blob(s) kept.\n"), gc.ToString());
        Assert.That(JObject.Parse(gcAgain.Stdout)["removed"]!.ToObject<string[]>(), Is.Empty, gcAgain.ToString());
        Assert.That((verifiedAfter.ExitCode, verifiedAfter.Stdout), Is.EqualTo((0, "OK: 2 version(s), 2 blob(s) verified.\n")), verifiedAfter.ToString());
    }

    [Test]
    public void Should_Predict_With_A_Package_Fetched_From_The_Registry()
    {
        // Given
        using var registry = new RemoteCliRegistry(kind);
        registry.Register(variant: 0);
        registry.Run("alias", "set", "tones/1", "prod");
        var low = RegistryPackages.WriteTone(registry.Temp.Combine("audio/low.wav"), 300, seed: 11);
        var high = RegistryPackages.WriteTone(registry.Temp.Combine("audio/high.wav"), 2500, seed: 12);

        // When
        var result = registry.Run("predict", "tones@prod", low, high, "--json");

        // Then: classified with the package, now in this machine's cache
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var document = JObject.Parse(result.Stdout);
        Assert.That(document.Value<string>("version"), Is.EqualTo("tones/1"));
        Assert.That(document["results"]!.Select(r => r.Value<string>("predicted")), Is.EqualTo(new[] { "low", "high" }));
        Assert.That(Directory.EnumerateFiles(registry.CacheRoot, "*", SearchOption.AllDirectories).Count(f => f.Contains("/blobs/", StringComparison.Ordinal)),
            Is.EqualTo(1));
    }

    [Test]
    public void Should_Number_Four_Concurrent_Registrations_1_To_4()
    {
        // Given: four builds, registered by four processes at once (with the product's S3 settle time)
        using var registry = new RemoteCliRegistry(kind, s3Settle: TimeSpan.FromSeconds(1));
        var builds = Enumerable.Range(0, 4).Select(variant => registry.NewPackage(variant: variant)).ToList();

        // When
        var processes = builds.Select(files => registry.Start("register", files.Package, "--manifest", files.Manifest, "--json")).ToList();
        var results = processes.Select(CliProcess.Finish).ToList();

        // Then: each got its own version, and the index holds all four
        Assert.That(results.Select(r => r.ExitCode), Is.All.EqualTo(0), string.Join("\n", results) + registry.ServerLog);
        var versions = results.Select(r => JObject.Parse(r.Stdout)).ToList();
        Assert.That(versions.Select(v => v.Value<string>("reference")), Is.EquivalentTo(new[] { "tones/1", "tones/2", "tones/3", "tones/4" }));
        Assert.That(versions.Select(v => v.Value<string>("packageSha256")),
            Is.EqualTo(builds.Select(b => ContentHash.OfFile(b.Package))), "each process registered its own build");
        var list = JArray.Parse(registry.Run("list", "--json").Stdout);
        Assert.That(list.Select(v => (v.Value<string>("reference"), v.Value<string>("packageSha256"))),
            Is.EquivalentTo(versions.Select(v => (v.Value<string>("reference"), v.Value<string>("packageSha256")))));
        Assert.That(registry.Run("verify").ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Should_Record_Every_One_Of_Four_Concurrent_Alias_Moves()
    {
        // Given
        using var registry = new RemoteCliRegistry(kind, s3Settle: TimeSpan.FromSeconds(1));
        for (var variant = 0; variant < 4; variant++) registry.Register(variant);

        // When: four processes move prod at once, each to another version
        var processes = Enumerable.Range(1, 4).Select(version => registry.Start("alias", "set", $"tones/{version}", "prod")).ToList();
        var results = processes.Select(CliProcess.Finish).ToList();

        // Then: four moves, each from where the one before left it, and the alias where the last one put it
        Assert.That(results.Select(r => r.ExitCode), Is.All.EqualTo(0), string.Join("\n", results) + registry.ServerLog);
        var history = JArray.Parse(registry.Run("history", "tones", "--alias", "prod", "--json").Stdout);
        var moves = history.Select(m => (From: m.Value<int?>("from"), To: m.Value<int>("to"))).ToList();
        Assert.That(moves.Select(m => m.To), Is.EquivalentTo(new[] { 1, 2, 3, 4 }), history.ToString());
        Assert.That(moves.Select(m => m.From), Is.EqualTo(new int?[] { null }.Concat(moves.Take(3).Select(m => (int?)m.To))), history.ToString());
        var shown = JObject.Parse(registry.Run("show", "tones@prod", "--json").Stdout);
        Assert.That(shown.Value<string>("reference"), Is.EqualTo($"tones/{moves[^1].To}"));
    }

    [Test]
    public void Should_Answer_Reads_From_The_Cache_And_Refuse_Changes_When_The_Server_Is_Down()
    {
        // Given: this machine has read the registry once
        using var registry = new RemoteCliRegistry(kind);
        registry.Register(variant: 0);
        registry.Run("alias", "set", "tones/1", "prod");
        registry.StopServer();

        // When
        var list = registry.Run("list");
        var show = registry.Run("show", "tones@prod", "--json");
        var change = registry.Run("alias", "set", "tones/1", "staging");

        // Then: reads answer with a warning naming the registry; the change fails on one line naming it
        Assert.That((list.ExitCode, show.ExitCode), Is.EqualTo((0, 0)), $"{list}\n{show}");
        Assert.That(list.Stdout, Does.Contain("tones/1").And.Contain("prod"));
        Assert.That(JObject.Parse(show.Stdout).Value<string>("reference"), Is.EqualTo("tones/1"));
        var named = kind == "s3" ? "s3://workflow-tests/registry" : "http://127.0.0.1:";
        foreach (var read in new[] { list, show })
            Assert.That(read.Stderr, Does.Contain("warning: ").And.Contain(named).And.Contain(
                "Answering from this machine's copy of the registry, read at ").And.Contain("; it may be stale."), read.ToString());
        Assert.That(change.ExitCode, Is.Not.EqualTo(0), change.ToString());
        Assert.That(change.Stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), change.ToString());
        Assert.That(change.Stderr, Does.Contain(named).And.Contain("unreachable").And.Not.Contain("   at "), change.ToString());
    }
}
