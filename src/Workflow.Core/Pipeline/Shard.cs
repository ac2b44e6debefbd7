using System.Globalization;
using Workflow.Data;

namespace Workflow.Pipeline;

/// <summary>
/// <c>--shard=I/N</c>: this build does shard I of N of the per-unit work. Classes are split into N groups balanced by
/// file count (largest class first, each to the group with the fewest files so far; ties to the lower group), a
/// split that depends only on the data: every shard computes the same one. A shard extracts its classes' files
/// (train and test) and trains its classes; the assemble build (no <c>--shard</c>) finds them in the remote cache.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index < count)
            return new Shard(index, count);
        throw new WorkflowException($"--shard={text} is not valid; use --shard=I/N with 0 <= I < N, e.g. --shard=0/4.");
    }

    /// <summary>The classes of this shard, of <paramref name="dataset"/>'s.</summary>
    public IReadOnlySet<string> ClassesOf(Dataset dataset)
    {
        var sizes = dataset.Files.GroupBy(f => f.Class).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var load = new long[Count];
        var mine = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in dataset.Classes.OrderByDescending(c => sizes.GetValueOrDefault(c)).ThenBy(c => c, StringComparer.Ordinal))
        {
            var group = Array.IndexOf(load, load.Min());
            load[group] += sizes.GetValueOrDefault(label);
            if (group == Index) mine.Add(label);
        }
        return mine;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
