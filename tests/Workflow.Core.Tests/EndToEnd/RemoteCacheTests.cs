using Workflow.Cache;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>
/// The remote build cache with real builds (<c>./build.sh</c>) and real servers: a fresh workspace finds every result
/// a first one pushed; faults and forged or corrupt results never fail a build or serve wrong bytes.
/// </summary>
[NonParallelizable]
public sealed class RemoteCacheTests
{
    private static readonly string[] Computed = ["ExtractFeatures", "Train", "Score", "Evaluate", "Package"];

    /// <summary>A workspace whose .dvc/config names the remote <c>ci</c> at <paramref name="url"/>.</summary>
    private static SmallWorkspace WithRemote(string url, string? method = null, string settings = "")
    {
        var workspace = SmallWorkspace.Create();
        workspace.Directory.Write(".dvc/config", $"['remote \"ci\"']\n    url = {url}\n" + (method is null ? "" : $"    method = {method}\n") + settings);
        return workspace;
    }

    private static BuildScript.Result Build(SmallWorkspace workspace, string? key = null, params string[] arguments) =>
        BuildScript.Run(workspace.Root, new Dictionary<string, string?>
        {
            [RemoteCacheSettings.RemoteVariable] = "ci",
            [CacheSignature.Variable] = key,
        }, [.. arguments, "--target=Default", $"--workspace={workspace.Root}", "--data=audio"]);

    private static IEnumerable<string> Ran(SmallWorkspace workspace) => workspace.Report().Units
        .Where(u => u.Status == UnitDecision.Ran && Computed.Contains(u.Stage)).Select(u => $"{u.Stage}[{u.Unit}]");

    private static string Warnings(BuildScript.Result result) =>
        string.Join("\n", result.Output.Split('\n').Where(l => l.StartsWith("warning: remote cache", StringComparison.Ordinal)));

    [TestCase("folder")]
    [TestCase("webdav")]
    [TestCase("s3")]
    public void Should_Build_A_Fresh_Workspace_From_A_Warm_Remote_Without_Running_A_Unit(string kind)
    {
        // Given: a first workspace built and pushed everything
        using var nginx = kind == "webdav" ? new NginxServer() : null;
        using var s3 = kind == "s3" ? new S3rverServer() : null;
        using var store = new TempDirectory();
        var url = nginx?.Url ?? (s3 is null ? store.Combine("remote") : $"s3://{S3rverServer.Bucket}/build");
        var method = nginx is null ? null : "PUT";
        var settings = s3?.DvcSettings() ?? "";
        using var first = WithRemote(url, method, settings);
        var pushed = Build(first, null, "--cache-push");
        Assert.That(pushed.ExitCode, Is.Zero, pushed.ToString());
        Assert.That(Warnings(pushed), Is.Empty);
        using var second = WithRemote(url, method, settings);

        // When
        var result = Build(second);

        // Then: every computed unit came from the remote, and the package is the same to the byte
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Ran(second), Is.Empty, result.Output);
        Assert.That(result.Output, Does.Contain("ExtractFeatures: 48 up-to-date (48 from remote cache 'ci')"));
        Assert.That(second.Report().Units.Where(u => u.Stage == "Train").Select(u => u.From), Is.All.EqualTo(UnitDecision.Remote));
        Assert.That(File.ReadAllBytes(second.Directory.Combine("artifacts/package/spoken-digits.zip")),
            Is.EqualTo(File.ReadAllBytes(first.Directory.Combine("artifacts/package/spoken-digits.zip"))));
        Assert.That(Warnings(result), Is.Empty);
    }

    [Test]
    public void Should_Finish_With_One_Warning_When_The_Server_Stops_Mid_Build()
    {
        // Given: a warm remote that goes down after 30 more requests
        using var server = new FlakyHttpServer(failures: 0);
        using var first = WithRemote(server.Url, "PUT");
        Assert.That(Build(first, null, "--cache-push").ExitCode, Is.Zero);
        server.StopAfter = server.Requests + 30;
        using var second = WithRemote(server.Url, "PUT");

        // When
        var result = Build(second);

        // Then: some units came from the remote, the rest were built here; one warning named the remote
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(second.Report().Units.Count(u => u.From == UnitDecision.Remote), Is.GreaterThan(0));
        Assert.That(Ran(second), Is.Not.Empty);
        Assert.That(Warnings(result).Split('\n'), Has.Length.EqualTo(1), result.Output);
        Assert.That(Warnings(result), Does.StartWith($"warning: remote cache 'ci' ({server.Url}) failed: "));
        Assert.That(File.ReadAllBytes(second.Directory.Combine("artifacts/package/spoken-digits.zip")),
            Is.EqualTo(File.ReadAllBytes(first.Directory.Combine("artifacts/package/spoken-digits.zip"))));
    }

    [Test]
    public void Should_Give_Up_An_Unreachable_Remote_Once_And_Build_Locally()
    {
        // Given: nothing listens at the remote's address
        using var workspace = WithRemote($"http://127.0.0.1:{TestServers.FreePort()}/store");

        // When
        var result = Build(workspace, null, "--cache-push");

        // Then
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Warnings(result).Split('\n'), Has.Length.EqualTo(1), result.Output);
        Assert.That(workspace.Report().Units.Where(u => u.Stage == "ExtractFeatures").Select(u => u.Status), Is.All.EqualTo(UnitDecision.Ran));
    }

    [Test]
    public void Should_Ignore_A_Tampered_Entry_When_Entries_Are_Signed()
    {
        // Given: results pushed with a key, then Train[1]'s entry made to name class 2's model
        using var store = new TempDirectory();
        using var first = WithRemote(store.Combine("remote"));
        Assert.That(Build(first, "s3cret", "--cache-push").ExitCode, Is.Zero);
        var keys = first.Report().Units.Where(u => u.Stage == "Train").ToDictionary(u => u.Unit, u => u.Key);
        var entry = store.Combine("remote/" + RemoteBuildCache.EntryPath(keys["1"]));
        var other = File.ReadAllText(store.Combine("remote/" + RemoteBuildCache.EntryPath(keys["2"])));
        var model = System.Text.RegularExpressions.Regex.Match(other, "\"artifacts/models/2.model\":\"([0-9a-f]{64})\"").Groups[1].Value;
        File.WriteAllText(entry, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(entry), "(\"artifacts/models/1.model\":\")[0-9a-f]{64}", "${1}" + model));
        using var second = WithRemote(store.Combine("remote"));

        // When
        var result = Build(second, "s3cret");

        // Then: the forged entry was refused, by name, and that class trained here
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Warnings(result), Does.Contain("the entry for Train[1] (key ").And.Contain("WORKFLOW_CACHE_KEY; ignored, the unit runs here."));
        Assert.That(Ran(second), Is.EqualTo(new[] { "Train[1]" }));
        Assert.That(File.ReadAllBytes(second.Directory.Combine("artifacts/models/1.model")),
            Is.EqualTo(File.ReadAllBytes(first.Directory.Combine("artifacts/models/1.model"))));
    }

    [Test]
    public void Should_Name_A_Few_Unsigned_Entries_And_Count_The_Rest()
    {
        // Given: results pushed without a key, read by a build that has one
        using var store = new TempDirectory();
        using var first = WithRemote(store.Combine("remote"));
        Assert.That(Build(first, null, "--cache-push").ExitCode, Is.Zero);
        using var second = WithRemote(store.Combine("remote"));

        // When
        var result = Build(second, "s3cret");

        // Then: every unit ran here; five warnings name units, one counts the other 43 feature entries
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var warnings = Warnings(result).Split('\n');
        Assert.That(warnings.Count(w => w.Contains("is not signed with WORKFLOW_CACHE_KEY", StringComparison.Ordinal)), Is.EqualTo(5), result.Output);
        Assert.That(warnings, Has.One.Match(@"^warning: remote cache 'ci': \d+ more entries were ignored for want of a valid WORKFLOW_CACHE_KEY signature"));
        Assert.That(second.Report().Units.Where(u => u.Stage == "ExtractFeatures").Select(u => u.Status), Is.All.EqualTo(UnitDecision.Ran));
    }

    [Test]
    public void Should_Reject_A_Corrupt_Blob_And_Build_The_Unit_Here()
    {
        // Given: class 0's model blob damaged on the remote
        using var store = new TempDirectory();
        using var first = WithRemote(store.Combine("remote"));
        Assert.That(Build(first, null, "--cache-push").ExitCode, Is.Zero);
        var hash = ContentHash.OfFile(first.Directory.Combine("artifacts/models/0.model"));
        var blob = store.Combine("remote/" + RemoteBuildCache.BlobPath(hash));
        File.WriteAllText(blob, "not a model");
        using var second = WithRemote(store.Combine("remote"));

        // When
        var result = Build(second);

        // Then: refused by its hash, never used; the build went on without the remote
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Warnings(result), Does.Contain($"blob {ContentHash.Short(hash)} arrived with bytes hashing to").And.Contain("corrupt; not used"));
        Assert.That(Ran(second), Does.Contain("Train[0]"));
        Assert.That(File.ReadAllBytes(second.Directory.Combine("artifacts/models/0.model")),
            Is.EqualTo(File.ReadAllBytes(first.Directory.Combine("artifacts/models/0.model"))));
    }

    [Test]
    public void Should_Assemble_From_Two_Shards_Built_At_Once_What_One_Build_Makes()
    {
        // Given: a plain build for reference (first and alone, so build.sh's library build and Cake's script cache are
        // made once, not by both shards at a time), then two shards (other machines) at once against one remote
        using var plain = SmallWorkspace.Create();
        Assert.That(plain.Build("--target=Default").ExitCode, Is.Zero);
        using var store = new TempDirectory();
        var url = store.Combine("remote");
        using var shard0 = WithRemote(url);
        using var shard1 = WithRemote(url);
        var shards = new[] { (shard0, "--shard=0/2"), (shard1, "--shard=1/2") }
            .Select(s => Task.Run(() => BuildScript.Run(s.Item1.Root, new Dictionary<string, string?> { [RemoteCacheSettings.RemoteVariable] = "ci" },
                ["--target=Train", s.Item2, $"--workspace={s.Item1.Root}", "--data=audio"])))
            .ToList();
        var results = shards.Select(t => t.Result).ToList();
        using var assemble = WithRemote(url);

        // When
        var result = Build(assemble);

        // Then: the shards split the classes; assembling ran no feature or training unit, and made the same package
        Assert.That(results.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", results));
        Assert.That(results[0].Output, Does.Match(@"shard 0/2: classes [0-9, ]+ of 3"));
        var trained = new[] { shard0, shard1 }.SelectMany(w => w.Report().Units.Where(u => u.Stage == "Train").Select(u => u.Unit)).Order().ToList();
        Assert.That(trained, Is.EqualTo(SmallWorkspace.Classes));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Ran(assemble).Where(u => u.StartsWith("ExtractFeatures", StringComparison.Ordinal) || u.StartsWith("Train", StringComparison.Ordinal)), Is.Empty);
        Assert.That(File.ReadAllBytes(assemble.Directory.Combine("artifacts/package/spoken-digits.zip")),
            Is.EqualTo(File.ReadAllBytes(plain.Directory.Combine("artifacts/package/spoken-digits.zip"))));
    }

    [Test]
    public void Should_Refuse_A_Shard_Without_A_Remote_Cache()
    {
        // Given
        using var workspace = SmallWorkspace.Create();

        // When
        var result = workspace.Build("--target=Train", "--shard=0/2");

        // Then
        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Output, Does.Contain("--shard=0/2 needs a remote build cache to leave its results in"));
    }
}
