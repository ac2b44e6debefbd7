using Workflow.Data;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// A temp folder tracked the DVC way: <c>data/</c> with DVC's foo/bar vector (data/foo = "foo", data/bar = "bar"),
/// a <c>.dvc/config</c> whose default remote is <c>remote/</c> beside it (or a url given), and helpers. Data files
/// are aged an hour, past the state cache's racy window, as real data is.
/// </summary>
public sealed class DataWorkspace : IDisposable
{
    public const string FooMd5 = "acbd18db4cc2f85cedef654fccc4a4d8";
    public const string BarMd5 = "37b51d194a7513e45b56f6524f2d51f2";
    public const string FooBarDir = "5ea40360f5b4ec688df672a4db9c17d1.dir";

    private readonly TempDirectory temp = new();

    public DataWorkspace(string? remoteUrl = null, string remoteSettings = "", bool withData = true)
    {
        Configure(remoteUrl ?? Remote, remoteSettings);
        if (withData)
        {
            WriteData("foo", "foo");
            WriteData("bar", "bar");
        }
    }

    public string Root => temp.Path;

    public DvcWorkspace Dvc => new(Root);

    /// <summary>The default local remote's folder (outside the workspace root's data, inside the temp folder).</summary>
    public string Remote => temp.Combine("remote");

    public ObjectDirectory Cache => Dvc.Cache;

    public string Combine(string relPath) => temp.Combine(relPath);

    public void Configure(string url, string settings = "") =>
        temp.Write(".dvc/config", $"[core]\n    remote = origin\n['remote \"origin\"']\n    url = {url}\n{settings}");

    /// <summary>Writes data/relPath, dated an hour ago.</summary>
    public string WriteData(string relPath, string text)
    {
        var path = temp.Write("data/" + relPath, text);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        return path;
    }

    public string Read(string relPath) => File.ReadAllText(temp.Combine(relPath));

    public IReadOnlyList<string> Files(string under) =>
        temp.Files().Where(f => f.StartsWith(under + "/", StringComparison.Ordinal)).Select(f => f[(under.Length + 1)..]).ToArray();

    /// <summary>A second workspace sharing this one's data.dvc and remote settings, without data/ or cache: a fresh clone.</summary>
    public DataWorkspace Clone()
    {
        var clone = new DataWorkspace(withData: false);
        File.Copy(temp.Combine(".dvc/config"), clone.Combine(".dvc/config"), overwrite: true);
        File.Copy(temp.Combine("data.dvc"), clone.Combine("data.dvc"));
        return clone;
    }

    public void Dispose() => temp.Dispose();
}
