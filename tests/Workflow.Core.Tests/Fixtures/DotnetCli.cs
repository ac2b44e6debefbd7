using System.Diagnostics;

namespace Workflow.Tests.Fixtures;

/// <summary>Runs the real <c>dotnet</c> CLI as a child process (e.g. a consumer of a built package).</summary>
public static class DotnetCli
{
    public static BuildScript.Result Run(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's MSBuild settings must not reach the consumer's build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" }) info.Environment.Remove(name);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 5 minutes.\n{stdout}");
        }
        return new BuildScript.Result(process.ExitCode, stdout + stderr.Result);
    }
}
