using System.Diagnostics;

namespace Workflow.Release;

/// <summary>Runs <c>dotnet pack</c> on a generated project, offline apart from the configured NuGet feed.</summary>
public static class NuGetPack
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <returns>The path of the one .nupkg written to <paramref name="outputDirectory"/>.</returns>
    public static string Pack(string project, string outputDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var argument in new[] { "pack", project, "-c", "Release", "-o", outputDirectory, "--nologo", "-v", "quiet",
                     // No build server: nothing outlives the stage, and two builds never share a compiler's state.
                     "-nodeReuse:false", "-p:UseSharedCompilation=false" })
            info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // MSBuild settings of the caller's build (e.g. the test host's) must not leak into the package's.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            info.Environment.Remove(name);
        using var process = Process.Start(info) ?? throw new WorkflowException("`dotnet pack` could not be started; is the .NET SDK on PATH?");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new WorkflowException($"`dotnet pack {Path.GetFileName(project)}` did not finish in {Timeout.TotalMinutes} minutes; is the NuGet feed reachable?");
        }
        if (process.ExitCode != 0)
            throw new WorkflowException(
                $"`dotnet pack {Path.GetFileName(project)}` failed (exit code {process.ExitCode}); the package template ({PackageTemplate.Folder}) or the NuGet feed is at fault:\n{stdout}{stderr.Result}".TrimEnd());
        var packages = Directory.GetFiles(outputDirectory, "*.nupkg");
        return packages.Length == 1
            ? packages[0]
            : throw new WorkflowException($"`dotnet pack {Path.GetFileName(project)}` wrote {packages.Length} .nupkg files to {outputDirectory}, not one.");
    }
}
