using Newtonsoft.Json.Linq;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// Real recordings from the repository's bundled DVC remote, found through data.dvc and its .dir listing, so tests
/// need neither network nor a fetched data/ folder.
/// </summary>
public static class BundledRecordings
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Listing = new(ReadListing);

    /// <summary>Every bundled relpath (e.g. <c>7/7_theo_3.wav</c>) and its md5.</summary>
    public static IReadOnlyDictionary<string, string> All => Listing.Value;

    public static string PathOf(string relativePath)
    {
        var md5 = All[relativePath];
        return Repository.PathOf($"dvc-remote/files/md5/{md5[..2]}/{md5[2..]}");
    }

    /// <summary>Copies the named recordings to <c>&lt;destination&gt;/&lt;relpath&gt;</c>.</summary>
    public static void CopyTo(string destination, IEnumerable<string> relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(PathOf(relative), target);
        }
    }

    private static IReadOnlyDictionary<string, string> ReadListing()
    {
        var dvc = File.ReadAllLines(Repository.PathOf("data.dvc"));
        var md5 = dvc.Select(l => l.Trim().TrimStart('-').Trim()).First(l => l.StartsWith("md5:", StringComparison.Ordinal))["md5:".Length..].Trim();
        var listing = JArray.Parse(File.ReadAllText(Repository.PathOf($"dvc-remote/files/md5/{md5[..2]}/{md5[2..]}")));
        return listing.ToDictionary(e => (string)e["relpath"]!, e => (string)e["md5"]!, StringComparer.Ordinal);
    }
}
