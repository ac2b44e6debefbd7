using System.Diagnostics;

namespace Workflow.Release;

/// <summary>
/// Runs one <c>dotnet</c> command to completion with its output captured: telemetry and logo off, bounded by a
/// timeout (a stuck feed must not hang a build), and every failure a <see cref="WorkflowException"/> that says what
/// ran and how it ended.
/// </summary>
internal static class DotnetCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <param name="describe">The command as messages show it, e.g. <c>`dotnet pack X.csproj`</c>.</param>
    /// <param name="timeoutAdvice">What to check when it does not finish.</param>
    /// <param name="failureAdvice">What to check when it fails, given its output (to quote, or redact secrets from).</param>
    public static void Run(IEnumerable<string> arguments, string describe, string timeoutAdvice, Func<string, string> failureAdvice,
        string? workingDirectory = null, Action<ProcessStartInfo>? configure = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        configure?.Invoke(info);
        using var process = Process.Start(info) ?? throw new WorkflowException($"{describe} could not be started; is the .NET SDK on PATH?");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new WorkflowException($"{describe} did not finish in {Timeout.TotalMinutes} minutes; {timeoutAdvice}");
        }
        if (process.ExitCode != 0)
            throw new WorkflowException($"{describe} failed (exit code {process.ExitCode}); {failureAdvice(stdout + stderr.Result)}".TrimEnd());
    }
}
