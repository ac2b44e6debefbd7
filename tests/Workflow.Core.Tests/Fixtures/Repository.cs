namespace Workflow.Tests.Fixtures;

/// <summary>The repository these tests were built from (found by walking up to build.sh).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build.sh")) && File.Exists(Path.Combine(dir.FullName, "Workflow.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Could not find the repository root (a folder with build.sh) above the test directory.");
    }
}
