using System.Text;
using Workflow.Cache;

namespace Workflow.Tests.Fixtures;

/// <summary>Reads and edits the build's sharded, packed bookkeeping (state cache, unit histories) as text.</summary>
internal static class Bookkeeping
{
    /// <summary>Every line of every shard of <paramref name="directory"/>, shard by shard, headers included.</summary>
    public static string[] Lines(string directory) => [.. Shard(directory).SelectMany(s => s.Lines)];

    /// <summary>The text of every shard, shard by shard.</summary>
    public static string Text(string directory) => string.Concat(Shard(directory).Select(s => string.Concat(s.Lines.Select(l => l + "\n"))));

    /// <summary>Rewrites each line of every shard with <paramref name="edit"/> (a line it maps to null is dropped).</summary>
    public static void Edit(string directory, Func<string, string?> edit)
    {
        foreach (var (path, lines) in Shard(directory))
        {
            var text = string.Concat(lines.Select(edit).Where(l => l is not null).Select(l => l + "\n"));
            PackedFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text)));
        }
    }

    /// <summary>The shard files present.</summary>
    public static string[] Files(string directory) =>
        [.. Enumerable.Range(0, Shards.Count).Select(i => Shards.PathOf(directory, i)).Where(File.Exists)];

    private static IEnumerable<(string Path, string[] Lines)> Shard(string directory) => Files(directory)
        .Select(path => (path, Encoding.UTF8.GetString(PackedFile.Read(path)).Split('\n')[..^1]))
        .ToList();
}
