using System.IO.Compression;

namespace Workflow.Release;

/// <summary>
/// Rewrites a .nupkg written by <c>dotnet pack</c> so its bytes depend only on its contents: entries in pack's
/// order, each with one fixed timestamp and compression level (pack stamps entries with the clock).
/// </summary>
public static class DeterministicNupkg
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Rewrite(string nupkgPath, Stream output)
    {
        using var source = ZipFile.OpenRead(nupkgPath);
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = FixedTime;
            copy.ExternalAttributes = 0;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }
}
