using Workflow.Cache;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>FetchData through the real ./build.sh on a workspace tracking the bundled data via data.dvc.</summary>
[NonParallelizable]
public sealed class FetchDataTests
{
    [Test]
    public void Should_Fetch_Only_Missing_Files_And_Never_Overwrite_A_Changed_One()
    {
        // Given: a first fetch, then one file deleted and one changed by the user
        using var workspace = TrackedWorkspace.Create();
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
        Assert.That(second.Output, Does.Contain(
            "warning: data/ differs from data.dvc and is used as it is: 1 modified (data/4/4_nicolas_1.wav); " +
            "record them with ./build.sh --target=TrackData, or delete them and run FetchData to restore data.dvc's version."));
        Assert.That(ContentHash.OfFile(changed), Is.EqualTo(ContentHash.OfFile(workspace.Combine("data/4/4_nicolas_2.wav"))));
        Assert.That(Directory.EnumerateFiles(workspace.Combine("data"), "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void Should_Fail_Under_CI_When_Data_Differs_From_Data_Dvc_Then_Pass_After_TrackData()
    {
        // Given
        using var workspace = TrackedWorkspace.Create();
        var fetched = BuildScript.Run(workspace.Path, "--target=FetchData", $"--workspace={workspace.Path}");
        Assert.That(fetched.ExitCode, Is.Zero, fetched.ToString());
        workspace.Write("data/9/9_theo_49.wav", File.ReadAllBytes(workspace.Combine("data/9/9_theo_48.wav")));
        var ci = new Dictionary<string, string?> { ["CI"] = "true" };

        // When
        var strict = BuildScript.Run(workspace.Path, ci, "--target=Train", $"--workspace={workspace.Path}");
        var tracked = BuildScript.Run(workspace.Path, "--target=TrackData", $"--workspace={workspace.Path}");
        var status = BuildScript.Run(workspace.Path, ci, "--target=DataStatus", $"--workspace={workspace.Path}");

        // Then
        Assert.That(strict.ExitCode, Is.Not.Zero);
        Assert.That(strict.Output, Does.Contain("data/ differs from data.dvc: 1 modified (data/9/9_theo_49.wav)"));
        Assert.That(strict.Output, Does.Not.Contain("Train["));
        Assert.That(tracked.ExitCode, Is.Zero, tracked.ToString());
        Assert.That(tracked.Output, Does.Contain("; +0 ~1 -0; 1 object(s) stored"));
        Assert.That(status.Output, Does.Contain("DataStatus: data/ matches data.dvc (1500 files)"));
        Assert.That(status.Output, Does.Contain("DataStatus: remote 'bundled' lacks 1 object(s); send them with PushData")); // the new listing; the file's bytes are already there
    }
}
