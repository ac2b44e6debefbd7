using System.Diagnostics;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>
/// <c>build.sh</c>'s content-hash stamps, on a copy of the repository whose <c>dotnet</c> is a wrapper that logs every
/// call before running the real one: the library is built again exactly when a source's bytes change.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // build.sh is a bash script
public sealed class BuildScriptStampTests
{
    private const string Source = "src/Workflow.Core/WorkflowException.cs";

    [Test]
    public void Should_Build_The_Library_Only_When_A_Source_Changes_Its_Bytes()
    {
        // Given: a copy with the library already built, run once so its stamps are its own
        using var copy = CopyOfRepository();
        var log = Path.Combine(copy.Path, "dotnet-calls.log");
        Assert.That(Run(copy, log).ExitCode, Is.Zero);

        // When: a source is rewritten with the same bytes (a new mtime)
        var source = Path.Combine(copy.Path, Source);
        var original = File.ReadAllBytes(source);
        File.WriteAllBytes(source, original);
        File.Delete(log);
        var same = Run(copy, log);

        // Then: no build, only Cake
        Assert.That(same.ExitCode, Is.Zero, same.ToString());
        Assert.That(Builds(log), Is.Zero, File.ReadAllText(log));

        // When: its bytes change
        File.WriteAllBytes(source, [.. original, .. "// changed\n"u8]);
        File.Delete(log);
        var changed = Run(copy, log);

        // Then: one build, and none on the next run
        Assert.That(changed.ExitCode, Is.Zero, changed.ToString());
        Assert.That(Builds(log), Is.EqualTo(1), File.ReadAllText(log));
        File.Delete(log);
        Assert.That(Run(copy, log).ExitCode, Is.Zero);
        Assert.That(Builds(log), Is.Zero, File.ReadAllText(log));
    }

    [Test]
    public void Should_Run_Without_The_Cake_Module_When_It_Does_Not_Build_And_Not_Try_Again()
    {
        // Given: a copy whose module does not compile, and a per-user cache of its own (the package's Cake, so that
        // nothing is compiled ahead of time)
        using var copy = CopyOfRepository();
        File.AppendAllText(Path.Combine(copy.Path, "build/CakeModule/AliasFinder.cs"), "\nnot C#\n");
        var cache = Path.Combine(copy.Path, "user-cache");
        var environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache, ["WORKFLOW_CAKE_READYTORUN"] = "0" };

        // When
        var first = BuildScript.RunScript(Path.Combine(copy.Path, "build.sh"), copy.Path, environment, "--description");
        var second = BuildScript.RunScript(Path.Combine(copy.Path, "build.sh"), copy.Path, environment, "--description", "--verbosity=diagnostic");

        // Then: the build says so once, keeps the log, and runs without the module
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.Output, Does.Contain("build.sh: could not build build/CakeModule (log: "));
        Assert.That(first.Output, Does.Contain("ExtractFeatures"));
        var failed = Directory.GetFiles(Path.Combine(cache, "workflow-build/cake-module"), "*.failed").Single();
        Assert.That(File.ReadAllText(failed), Does.Contain("AliasFinder.cs"));
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(second.Output, Does.Not.Contain("could not build"));
        Assert.That(second.Output, Does.Not.Contain("Cake.Workflow.Module"));
    }

    private static int Builds(string log) =>
        File.ReadLines(log).Count(l => l.StartsWith("build src/Workflow.Core/Workflow.Core.csproj", StringComparison.Ordinal));

    // The tracked files, plus the library's build output (so a build is incremental) and build.sh's stamps.
    private static TempDirectory CopyOfRepository()
    {
        var copy = new TempDirectory();
        foreach (var file in Git("ls-files", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries)
                     .Concat(Files("src/Workflow.Core/bin")).Concat(Files("src/Workflow.Core/obj")).Concat(Files("build/tools", recurse: false)))
        {
            var from = Repository.PathOf(file);
            if (!File.Exists(from)) continue; // deleted in the working tree
            var to = Path.Combine(copy.Path, file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
        File.SetUnixFileMode(Path.Combine(copy.Path, "build.sh"), File.GetUnixFileMode(Repository.PathOf("build.sh")));
        // A dotnet that logs its arguments, then runs the real one.
        var wrapper = copy.Write("bin/dotnet", $"#!/usr/bin/env bash\necho \"$*\" >>\"$DOTNET_CALLS\"\nexec {Path.Combine(DotnetRoot, "dotnet")} \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return copy;
    }

    private static BuildScript.Result Run(TempDirectory copy, string log) => BuildScript.RunScript(
        Path.Combine(copy.Path, "build.sh"),
        copy.Path,
        new Dictionary<string, string?>
        {
            ["DOTNET_CALLS"] = log,
            ["PATH"] = Path.Combine(copy.Path, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["DOTNET_ROOT"] = DotnetRoot, // where the runtimes are: the wrapper's folder has none
        },
        "--target=FetchData",
        "--plan");

    // The running runtime's folder is <root>/shared/Microsoft.NETCore.App/<version>/.
    private static string DotnetRoot { get; } =
        Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static IEnumerable<string> Files(string folder, bool recurse = true) =>
        Directory.Exists(Repository.PathOf(folder))
            ? Directory.EnumerateFiles(Repository.PathOf(folder), "*", recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Select(f => Path.GetRelativePath(Repository.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            : [];

    private static string Git(params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
