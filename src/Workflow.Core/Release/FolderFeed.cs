namespace Workflow.Release;

/// <summary>
/// A NuGet feed that is a folder. <c>dotnet nuget push</c> to a folder writes <c>&lt;id&gt;.&lt;version&gt;.nupkg</c>
/// flat and silently overwrites a file already there; <c>nuget add</c> (and feeds made by hand) use
/// <c>&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.&lt;version&gt;.nupkg</c> lowercased. Both layouts are looked at.
/// </summary>
public static class FolderFeed
{
    /// <summary>A feed argument that is not a URL is a folder.</summary>
    public static bool IsFolder(string feed) => !Uri.TryCreate(feed, UriKind.Absolute, out var uri) || uri.IsFile;

    /// <summary>The file the folder already holds for this package version, or null.</summary>
    public static string? Find(string folder, string packageId, string version)
    {
        if (!Directory.Exists(folder)) return null;
        var name = $"{packageId}.{version}.nupkg";
        var hierarchical = Path.Combine(folder, packageId.ToLowerInvariant(), version.ToLowerInvariant(), name.ToLowerInvariant());
        if (File.Exists(hierarchical)) return hierarchical;
        // NuGet ids and versions compare case-insensitively, whatever case the file system keeps.
        return Directory.EnumerateFiles(folder, "*.nupkg")
            .FirstOrDefault(f => string.Equals(Path.GetFileName(f), name, StringComparison.OrdinalIgnoreCase));
    }
}
