using System.Diagnostics;

namespace Workflow.Tests.Fixtures;

/// <summary>Runs the real <c>./build.sh</c> as a child process and captures what it printed.</summary>
public static class BuildScript
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit code {ExitCode}\n{Output}";
    }

    public static Result Run(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, new Dictionary<string, string?>(), arguments);

    /// <summary>Runs with <paramref name="environment"/> set; CI is unset unless given, so tests behave alike everywhere.</summary>
    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        RunScript(Repository.PathOf("build.sh"), workingDirectory, environment, arguments);

    /// <summary>Runs another copy's <c>build.sh</c> (<paramref name="script"/>), as <see cref="Run(string, IReadOnlyDictionary{string, string?}, string[])"/> does.</summary>
    public static Result RunScript(string script, string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(script)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["NO_COLOR"] = "1";
        info.Environment.Remove("CI");
        foreach (var (name, value) in environment) info.Environment[name] = value;
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
