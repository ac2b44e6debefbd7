using System.Diagnostics;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// bench/DataScale, built once per test run into the test output folder, so a test can run data operations in separate
/// processes (the workspace lock is between processes).
/// </summary>
public static class DataScaleProgram
{
    private static readonly Lazy<string> Dll = new(Build);

    /// <summary>Starts <c>DataScale args…</c>; the caller waits for it.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Dll.Value, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }

    private static string Build()
    {
        // Beside the test assembly (git-ignored bin/), so a rerun builds incrementally and nothing leaks into /tmp.
        var output = Path.Combine(TestContext.CurrentContext.TestDirectory, "datascale");
        var build = Process.Start(new ProcessStartInfo(
            "dotnet", ["build", Repository.PathOf("bench/DataScale"), "-c", "Release", "-o", output, "-v", "q", "--nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = build.StandardOutput.ReadToEnd() + build.StandardError.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0) throw new AssertionException("Building bench/DataScale failed:\n" + log);
        return Path.Combine(output, "DataScale.dll");
    }
}
