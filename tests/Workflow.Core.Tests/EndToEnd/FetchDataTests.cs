using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>FetchData through the real ./build.sh on a workspace tracking the bundled data via data.dvc.</summary>
[NonParallelizable]
public sealed class FetchDataTests
{
    private static TempDirectory TrackedWorkspace()
    {
        var temp = new TempDirectory();
        foreach (var file in new[] { "config/workflow.json", "config/ATTRIBUTION.md", "data.dvc" })
            temp.Write(file, File.ReadAllBytes(Repository.PathOf(file)));
        temp.Write(".dvc/config", $"[core]\n    remote = bundled\n['remote \"bundled\"']\n    url = {Repository.PathOf("dvc-remote")}\n");
        return temp;
    }

    [Test]
    public void Should_Fetch_Only_Missing_Files_And_Never_Overwrite_A_Changed_One()
    {
        // Given: a first fetch, then one file deleted and one changed by the user
        using var workspace = TrackedWorkspace();
        var first = BuildScript.Run(workspace.Path, "--target=FetchData", $"--workspace={workspace.Path}");
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.Output, Does.Contain("FetchData[data]: ran — fetched 1500 missing file(s) from remote 'bundled'"));
        File.Delete(workspace.Combine("data/3/3_theo_9.wav"));
        var changed = workspace.Write("data/4/4_nicolas_1.wav", File.ReadAllBytes(workspace.Combine("data/4/4_nicolas_2.wav")));

        // When
        var second = BuildScript.Run(workspace.Path, "--target=FetchData", $"--workspace={workspace.Path}");

        // Then
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(second.Output, Does.Contain("FetchData[data]: ran — fetched 1 missing file(s) from remote 'bundled' (data/3/3_theo_9.wav)"));
        Assert.That(second.Output, Does.Contain("warning: 1 file(s) in data/ differ from data.dvc and are used as they are (data/4/4_nicolas_1.wav)."));
        Assert.That(ContentHash.OfFile(changed), Is.EqualTo(ContentHash.OfFile(workspace.Combine("data/4/4_nicolas_2.wav"))));
        Assert.That(Directory.EnumerateFiles(workspace.Combine("data"), "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }
}
