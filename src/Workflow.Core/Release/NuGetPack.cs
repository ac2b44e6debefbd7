namespace Workflow.Release;

/// <summary>Runs <c>dotnet pack</c> on a generated project, offline apart from the configured NuGet feed.</summary>
public static class NuGetPack
{
    /// <returns>The path of the one .nupkg written to <paramref name="outputDirectory"/>.</returns>
    public static string Pack(string project, string outputDirectory)
    {
        var name = Path.GetFileName(project);
        DotnetCommand.Run(
            ["pack", project, "-c", "Release", "-o", outputDirectory, "--nologo", "-v", "quiet",
                // No build server: nothing outlives the stage, and two builds never share a compiler's state.
                "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            $"`dotnet pack {name}`",
            "is the NuGet feed reachable?",
            output => $"the package template ({PackageTemplate.Folder}) or the NuGet feed is at fault:\n{output}",
            Path.GetDirectoryName(project)!,
            info =>
            {
                // MSBuild settings of the caller's build (e.g. the test host's) must not leak into the package's.
                foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
                    info.Environment.Remove(variable);
            });
        var packages = Directory.GetFiles(outputDirectory, "*.nupkg");
        return packages.Length == 1
            ? packages[0]
            : throw new WorkflowException($"`dotnet pack {name}` wrote {packages.Length} .nupkg files to {outputDirectory}, not one.");
    }
}
