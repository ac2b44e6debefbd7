using Workflow.Registry;

namespace Workflow.Cli;

/// <summary>
/// Which registry a command uses: <c>--registry</c>, else the WORKFLOW_REGISTRY variable, else
/// <c>.workflow/registry</c> in the repository around the current directory (or around this program). A folder, a
/// url or a remote named in the repository's .dvc/config (see <see cref="RegistryAddress"/>); a remote registry's
/// local cache goes in that repository's <c>.workflow/registry-cache/</c> (the current directory's without one).
/// </summary>
public static class RegistryLocation
{
    public static RegistryAddress Resolve(string? option)
    {
        var repository = Repository();
        if (!string.IsNullOrWhiteSpace(option) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ModelRegistry.EnvironmentVariable)))
            return ModelRegistry.Locate(option, repository ?? Environment.CurrentDirectory, CacheRoot());
        if (repository is null)
            throw new WorkflowException(
                $"No registry given and no Workflow repository around {Environment.CurrentDirectory}; pass --registry DIR or set {ModelRegistry.EnvironmentVariable}.");
        return DefaultOf(repository);
    }

    /// <summary>The registry a repository uses when none is named: its <c>.workflow/registry</c> folder.</summary>
    public static RegistryAddress DefaultOf(string repository) =>
        RegistryAddress.OfFolder(ModelRegistry.DefaultFor(repository), repository, CacheRoot());

    /// <summary>
    /// Where this machine keeps its copies of registries and what it pulled: the <c>.workflow/registry-cache</c> of the
    /// repository around the current directory, else the user's cache folder.
    /// </summary>
    public static string CacheRoot() => CurrentRepository() is { } repository
        ? Path.Combine(repository, ".workflow", "registry-cache")
        : RegistryAddress.UserCacheRoot();

    /// <summary>The Workflow repository around the current directory (not around this program); null outside one.</summary>
    public static string? CurrentRepository() => FindRepository(Environment.CurrentDirectory);

    /// <summary>Another registry a command names (e.g. copy --to), read as --registry is.</summary>
    public static RegistryAddress Parse(string location) =>
        RegistryAddress.Parse(location, Repository() ?? Environment.CurrentDirectory, CacheRoot());

    /// <summary>The Workflow repository around the current directory, else around this program; null when neither is in one.</summary>
    public static string? Repository() => FindRepository(Environment.CurrentDirectory) ?? FindRepository(AppContext.BaseDirectory);

    private static string? FindRepository(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Workflow.sln")) && File.Exists(Path.Combine(directory.FullName, "build.sh")))
                return directory.FullName;
        return null;
    }
}
