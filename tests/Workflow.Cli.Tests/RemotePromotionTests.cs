using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Cli.Tests.Fixtures;
using Workflow.Registry;

namespace Workflow.Cli.Tests;

/// <summary>copy between a registry on a real server (WebDAV, S3) and a folder registry, both ways, then pull and outdated there.</summary>
[TestFixture("webdav")]
[TestFixture("s3")]
public sealed class RemotePromotionTests(string kind)
{
    [Test]
    public void Should_Promote_From_The_Server_To_A_Folder_And_Back_Verified_And_Idempotent()
    {
        // Given: the server's registry ("staging") holds tones/1 and tones/2, staging at 2
        using var staging = new RemoteCliRegistry(kind);
        staging.Register(variant: 0);
        staging.Register(variant: 1);
        Assert.That(staging.Run("alias", "set", "tones/2", "staging").ExitCode, Is.EqualTo(0));
        var production = staging.Temp.Combine("production");

        // When: promoted to the folder registry, twice
        var copied = staging.Run("copy", "tones@staging", "--to", production, "--alias", "prod");
        var again = staging.Run("copy", "tones@staging", "--to", production, "--alias", "prod");

        // Then: the folder holds the same bytes as tones/1 with prod on it, verified; both histories say so
        Assert.That(copied.ExitCode, Is.EqualTo(0), copied.ToString());
        Assert.That(copied.Stdout, Does.StartWith($"Copied tones/2 to {production} as tones/1."));
        Assert.That(again.Stdout, Does.Contain("nothing copied"), again.ToString());
        var folder = new ModelRegistry(production);
        var copy = folder.ReadIndex().EntryOf("tones").Find(1)!;
        var history = JArray.Parse(staging.Run("history", "--json").Stdout);
        Assert.That(ContentHash.OfFile(folder.PackagePath(copy)), Is.EqualTo(copy.PackageSha256));
        Assert.That(folder.Verify().Ok, Is.True);
        Assert.That(folder.ReadIndex().EntryOf("tones").Aliases["prod"], Is.EqualTo(1));
        Assert.That(history.Select(m => (string?)m["action"]), Does.Contain(AliasActions.CopyOut));

        // When: a version registered in the folder is copied up to a second registry on the server
        var files = staging.NewPackage(variant: 2);
        folder.Register(files.Package, files.Manifest, "tones");
        var up = staging.RunWithout("copy", "tones/2", "--registry", production, "--to", staging.Url + "-prod");
        var show = staging.RunWithout("show", "tones/1", "--registry", staging.Url + "-prod", "--json");

        // Then: it arrives as that registry's tones/1, with its lineage and where it came from
        Assert.That(up.ExitCode, Is.EqualTo(0), up.ToString());
        var shown = JObject.Parse(show.Stdout);
        Assert.That(shown.SelectToken("version.packageSha256")?.ToString() ?? shown.SelectToken("packageSha256")?.ToString(),
            Is.EqualTo(ContentHash.OfFile(files.Package)), show.ToString());
        Assert.That(show.Stdout, Does.Contain($"{production} tones/2"));
        var verify = staging.RunWithout("verify", "--registry", staging.Url + "-prod");
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
    }
}
