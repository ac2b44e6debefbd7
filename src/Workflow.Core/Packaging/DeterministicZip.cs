using System.IO.Compression;

namespace Workflow.Packaging;

/// <summary>
/// A zip whose bytes depend only on its entries: sorted names, one fixed timestamp, fixed compression level, no
/// extra fields. (ML.NET's own model zips embed the current time; ours must hash the same on every machine.)
/// </summary>
public static class DeterministicZip
{
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(Stream output, IReadOnlyDictionary<string, byte[]> entries)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, bytes) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = FixedTime;
            entry.ExternalAttributes = 0;
            using var stream = entry.Open();
            stream.Write(bytes);
        }
    }
}
