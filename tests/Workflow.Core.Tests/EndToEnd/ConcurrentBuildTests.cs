using Workflow.Cache;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>Two real <c>./build.sh</c> processes on one workspace: the second waits, then finds the first's results.</summary>
[NonParallelizable]
public sealed class ConcurrentBuildTests
{
    [Test]
    public void Should_Wait_For_A_Running_Build_Then_Find_Its_Results()
    {
        // Given: the workspace's build lock held here (as a running build holds it), so both builds reach it while it
        // is held, whatever the machine's load; then it is let go and one build runs while the other waits for it
        using var workspace = SmallWorkspace.Create();
        var arguments = new[] { "--target=Evaluate", $"--workspace={workspace.Root}", "--data=audio" };
        // Alone first: build.sh's library build and Cake's script cache are made once, not by both at a time.
        var warm = workspace.Build("--target=Evaluate", "--plan");
        Assert.That(warm.ExitCode, Is.Zero, warm.ToString());
        Directory.CreateDirectory(workspace.Directory.Combine(".workflow"));
        // Taken as a build takes it, whatever .NET's own file locking is set to (build.sh turns it off).
        var held = FileLock.Open(workspace.Directory.Combine(BuildSession.LockPath));
        File.WriteAllText(workspace.Directory.Combine(BuildSession.LockPath + ".owner"), $"{Environment.ProcessId} Evaluate\n");

        // When
        var builds = new[] { Task.Run(() => BuildScript.Run(workspace.Root, arguments)), Task.Run(() => BuildScript.Run(workspace.Root, arguments)) };
        SpinWait.SpinUntil(() => builds.All(b => b.IsCompleted), TimeSpan.FromSeconds(8)); // both start and queue up
        held.Dispose();
        var results = builds.Select(b => b.Result).ToList();

        // Then: both said whom they waited for; one ran every unit, the other none (it found the first's results)
        Assert.That(results.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", results));
        Assert.That(results.Select(r => r.Output), Has.All.Match(@"Evaluate: waiting for another build \(pid \d+, Evaluate\) holding \.workflow/build\.lock"));
        Assert.That(results.Count(r => r.Output.Contains("ExtractFeatures: 0 up-to-date, 48 ran", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", results));
        Assert.That(results.Count(r => r.Output.Contains("ExtractFeatures: 48 up-to-date", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", results));
        Assert.That(workspace.Report().Units.Where(u => u.Status == UnitDecision.Ran), Is.Empty);
        var artifacts = Hashes(workspace);
        var third = workspace.Build("--target=Evaluate");
        Assert.That(third.ExitCode, Is.Zero, third.ToString());
        Assert.That(workspace.Report().Units.Where(u => u.Status == UnitDecision.Ran), Is.Empty, third.Output);
        Assert.That(Hashes(workspace), Is.EqualTo(artifacts));
    }

    [Test]
    public void Should_Not_Wait_To_Plan()
    {
        // Given: another process holds the build lock
        using var workspace = SmallWorkspace.Create();
        Directory.CreateDirectory(workspace.Directory.Combine(".workflow"));
        using var held = FileLock.Open(workspace.Directory.Combine(".workflow/build.lock"));

        // When
        var plan = workspace.Build("--target=Train", "--plan");

        // Then
        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(plan.Output, Does.Not.Contain("waiting for another build"));
        Assert.That(plan.Output, Does.Contain("ExtractFeatures: 0 up-to-date, 48 would run"));
    }

    private static SortedDictionary<string, string> Hashes(SmallWorkspace workspace) => new(
        Directory.EnumerateFiles(workspace.Directory.Combine("artifacts"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("run-report.json", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(workspace.Root, f), ContentHash.OfFile),
        StringComparer.Ordinal);
}
