namespace Workflow.Tests.Fixtures;

/// <summary>
/// A temp folder for <c>./build.sh --workspace</c> tracking the bundled data: the repository's config and data.dvc,
/// and a <c>.dvc/config</c> whose default remote 'bundled' is the repository's dvc-remote/.
/// </summary>
public static class TrackedWorkspace
{
    public static TempDirectory Create()
    {
        var temp = new TempDirectory();
        foreach (var file in new[] { "config/workflow.json", "config/ATTRIBUTION.md", "config/accuracy.json", "data.dvc" })
            temp.Write(file, File.ReadAllBytes(Repository.PathOf(file)));
        temp.Write(".dvc/config", $"[core]\n    remote = bundled\n['remote \"bundled\"']\n    url = {Repository.PathOf("dvc-remote")}\n");
        return temp;
    }
}
