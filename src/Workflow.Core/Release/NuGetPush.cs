using System.Diagnostics;

namespace Workflow.Release;

/// <summary>Runs <c>dotnet nuget push</c>; the API key comes from <c>NUGET_API_KEY</c> and is never printed.</summary>
public static class NuGetPush
{
    public const string ApiKeyVariable = "NUGET_API_KEY";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static void Push(string nupkg, string feed)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "nuget", "push", nupkg, "--source", feed }) info.ArgumentList.Add(argument);
        var apiKey = Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (!string.IsNullOrEmpty(apiKey))
        {
            info.ArgumentList.Add("--api-key");
            info.ArgumentList.Add(apiKey);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info) ?? throw new WorkflowException("`dotnet nuget push` could not be started; is the .NET SDK on PATH?");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new WorkflowException($"`dotnet nuget push {Path.GetFileName(nupkg)} --source {feed}` did not finish in {Timeout.TotalMinutes} minutes; is the feed reachable?");
        }
        if (process.ExitCode != 0)
            throw new WorkflowException(
                $"`dotnet nuget push {Path.GetFileName(nupkg)} --source {feed}` failed (exit code {process.ExitCode}); check --feed and, for a server, {ApiKeyVariable}:\n{Redact(stdout + stderr.Result, apiKey)}".TrimEnd());
    }

    private static string Redact(string text, string? secret) => string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);
}
