using System.Diagnostics;

namespace Workflow.Tests.Fixtures;

/// <summary>Runs the real <c>./build.sh</c> as a child process and captures what it printed.</summary>
public static class BuildScript
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit code {ExitCode}\n{Output}";
    }

    public static Result Run(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(Repository.PathOf("build.sh"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./build.sh {string.Join(' ', arguments)} did not finish in 5 minutes.\n{stdout}");
        }
        return new Result(process.ExitCode, stdout + stderr.Result);
    }
}
