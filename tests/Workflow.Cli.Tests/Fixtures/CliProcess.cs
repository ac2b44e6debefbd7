using System.Diagnostics;
using Workflow.Tests.Fixtures;

namespace Workflow.Cli.Tests.Fixtures;

/// <summary>
/// Runs the real CLI (<c>dotnet Workflow.Cli.dll</c>, built in the same configuration as these tests) as a child
/// process, without WORKFLOW_REGISTRY from the environment and with colours off.
/// </summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static string Dll { get; } = FindDll();

    public static Result Run(string? workingDirectory, params string[] arguments) => Finish(Start(workingDirectory, arguments));

    public static Result Run(string? workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Finish(Start(workingDirectory, environment, arguments));

    public static Process Start(string? workingDirectory, params string[] arguments) =>
        Start(workingDirectory, new Dictionary<string, string>(), arguments);

    public static Process Start(string? workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment.Remove("WORKFLOW_REGISTRY");
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    public static Result Finish(Process process)
    {
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The CLI did not finish in 2 minutes.\n{stdout}");
            }
            return new Result(process.ExitCode, stdout, stderr.Result);
        }
    }

    private static string FindDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0/
        var path = Repository.PathOf($"src/Workflow.Cli/bin/{configuration}/net10.0/Workflow.Cli.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/Workflow.Cli ({configuration}) first; {path} does not exist.");
    }
}
