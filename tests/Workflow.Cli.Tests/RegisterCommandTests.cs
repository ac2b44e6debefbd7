using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class RegisterCommandTests
{
    [Test]
    public void Should_Register_And_Then_Return_The_Same_Version_For_Identical_Bytes()
    {
        // Given
        using var registry = new CliRegistry();
        var files = registry.NewPackage();

        // When
        var first = registry.Run("register", files.Package, "--manifest", files.Manifest);
        var second = registry.Run("register", files.Package, "--manifest", files.Manifest);

        // Then
        var sha = ContentHash.Short(ContentHash.OfFile(files.Package));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Stdout, Is.EqualTo($"Registered tones/1 (package sha256 {sha}) in {registry.Root}.\n"));
        Assert.That(second.Stdout, Is.EqualTo($"tones/1 already holds these exact package bytes (sha256 {sha}); no new version registered.\n"));
    }

    [Test]
    public void Should_Print_The_Registration_As_Json()
    {
        using var registry = new CliRegistry();
        var files = registry.NewPackage();

        var result = registry.Run("register", files.Package, "--manifest", files.Manifest, "--json");

        var json = JObject.Parse(result.Stdout);
        Assert.That(json.Value<string>("reference"), Is.EqualTo("tones/1"));
        Assert.That(json.Value<bool>("isNew"), Is.True);
        Assert.That(json.Value<string>("packageSha256"), Is.EqualTo(ContentHash.OfFile(files.Package)));
    }

    [Test]
    public void Should_Give_Simultaneous_Registrations_From_Separate_Processes_Distinct_Versions()
    {
        // Given
        using var registry = new CliRegistry();
        var packages = Enumerable.Range(0, 4).Select(i => registry.NewPackage(variant: i)).ToList();

        // When: all started before any is waited for
        var processes = packages
            .Select(p => CliProcess.Start(registry.Temp.Path, "register", p.Package, "--manifest", p.Manifest, "--registry", registry.Root, "--json"))
            .ToList();
        var results = processes.Select(CliProcess.Finish).ToList();

        // Then
        Assert.That(results.Select(r => r.ExitCode), Is.All.EqualTo(0), string.Join("\n", results));
        Assert.That(results.Select(r => JObject.Parse(r.Stdout).Value<int>("version")).Order(), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        var index = registry.Library.ReadIndex().EntryOf("tones");
        Assert.That(index.Versions.Select(v => v.PackageSha256).Order(),
            Is.EqualTo(packages.Select(p => ContentHash.OfFile(p.Package)).Order()));
        Assert.That(index.NextVersion, Is.EqualTo(5));
    }

    [Test]
    public void Should_Wait_For_The_Lock_Another_Process_Holds()
    {
        // Given: this test process holds the registry lock, as another registering process would (an flock, whatever
        // .NET's own file locking is set to: build.sh turns it off)
        using var registry = new CliRegistry().WithVersions(1);
        var files = registry.NewPackage(variant: 1);
        var held = Workflow.Cache.FileLock.Open(Path.Combine(registry.Root, "registry.lock"));

        // When
        var process = CliProcess.Start(registry.Temp.Path, "register", files.Package, "--manifest", files.Manifest, "--registry", registry.Root);
        var exitedWhileLocked = process.WaitForExit(TimeSpan.FromSeconds(3));
        held.Dispose();
        var result = CliProcess.Finish(process);

        // Then
        Assert.That(exitedWhileLocked, Is.False, result.ToString());
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stderr, Is.EqualTo(
            $"Waiting for the registry lock {Path.Combine(registry.Root, "registry.lock")}: another process is changing the registry.\n"));
        Assert.That(result.Stdout, Does.StartWith("Registered tones/2 "));
    }

    [Test]
    public void Should_Explain_A_Package_Of_Another_Model()
    {
        using var registry = new CliRegistry();
        var files = registry.NewPackage();

        var result = registry.Run("register", files.Package, "--manifest", files.Manifest, "--name", "digits");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Is.EqualTo(
            $"{files.Package} is a package of model 'tones', not 'digits'; register it as 'tones' or rebuild it with model.name \"digits\".\n"));
    }
}
