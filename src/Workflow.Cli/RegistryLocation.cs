using Workflow.Registry;

namespace Workflow.Cli;

/// <summary>
/// Which registry a command uses: <c>--registry</c>, else the WORKFLOW_REGISTRY variable, else
/// <c>.workflow/registry</c> in the repository around the current directory (or around this program).
/// </summary>
public static class RegistryLocation
{
    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ModelRegistry.EnvironmentVariable)))
            return ModelRegistry.Locate(option, Environment.CurrentDirectory);
        var repository = FindRepository(Environment.CurrentDirectory) ?? FindRepository(AppContext.BaseDirectory)
            ?? throw new WorkflowException(
                $"No registry given and no Workflow repository around {Environment.CurrentDirectory}; pass --registry DIR or set {ModelRegistry.EnvironmentVariable}.");
        return ModelRegistry.DefaultFor(repository);
    }

    private static string? FindRepository(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Workflow.sln")) && File.Exists(Path.Combine(directory.FullName, "build.sh")))
                return directory.FullName;
        return null;
    }
}
