using System.Globalization;
using System.Text;

namespace Workflow.Release;

/// <summary><c>artifacts/release/RELEASE_NOTES.md</c>: the <see cref="ReleaseFacts"/> for people.</summary>
public static class ReleaseNotesMarkdown
{
    public const string Path = "artifacts/release/RELEASE_NOTES.md";

    /// <summary>At most this many paths are named per class and kind; the rest are counted.</summary>
    public const int NamedPaths = 10;

    public static string Render(ReleaseFacts facts)
    {
        var text = new StringBuilder();
        var before = facts.Baseline?.Reference ?? "before";
        Line(text, $"# {facts.PackageId} {facts.Version}");
        Line(text);
        Line(text, $"`{facts.Model}` version {facts.RegistryVersion} in the registry (package sha256 `{facts.PackageSha256}`); NuGet package " +
                   $"`{System.IO.Path.GetFileName(facts.Nupkg.Path)}` (sha256 `{facts.Nupkg.Sha256}`, {facts.Nupkg.Bytes} bytes).");
        Line(text);
        Line(text, facts.Baseline is { } baseline
            ? $"Changes since **{baseline.Reference}**, {baseline.Why}."
            : $"First release: no earlier registered version of `{facts.Model}` to compare with.");

        Line(text);
        Line(text, "## Metrics");
        Line(text);
        Line(text, $"| metric | {before} | {facts.Version} | change |");
        Line(text, "|---|---|---|---|");
        foreach (var m in facts.Metrics.Where(m => m.Class is null))
        {
            var count = m.Metric.EndsWith("Count", StringComparison.Ordinal);
            Line(text, $"| {m.Metric} | {Number(m.Before, count)} | {Number(m.Now, count)} | {Signed(m.Change, count)} |");
        }
        Line(text);
        Line(text, $"Per class (F1, precision, recall on the test split; {before} → now):");
        Line(text);
        Line(text, "| class | F1 | change | precision | change | recall | change |");
        Line(text, "|---|---|---|---|---|---|---|");
        foreach (var group in facts.Metrics.Where(m => m.Class is not null).GroupBy(m => m.Class!))
        {
            var cells = new[] { "f1", "precision", "recall" }
                .Select(name => group.First(m => m.Metric == name))
                .Select(m => $"{Number(m.Before)} → {Number(m.Now)} | {Signed(m.Change)}");
            Line(text, $"| {group.Key} | {string.Join(" | ", cells)} |");
        }

        Line(text);
        Line(text, "## Data");
        Line(text);
        if (facts.DataNote is { } note)
        {
            Line(text, note);
            Line(text);
        }
        var changes = facts.Baseline is not null && facts.DataNote is null;
        Line(text, changes ? "| class | recordings | added | removed | modified |" : "| class | recordings |");
        Line(text, changes ? "|---|---|---|---|---|" : "|---|---|");
        foreach (var c in facts.Data)
            Line(text, changes ? $"| {c.Class} | {c.Recordings} | {c.Added.Count} | {c.Removed.Count} | {c.Modified.Count} |" : $"| {c.Class} | {c.Recordings} |");
        if (changes)
        {
            Line(text);
            if (facts.Data.All(c => c.IsEmpty)) Line(text, "No recording was added, removed or modified.");
            foreach (var c in facts.Data.Where(c => !c.IsEmpty))
            {
                Paths(text, c.Class, "added", c.Added);
                Paths(text, c.Class, "removed", c.Removed);
                Paths(text, c.Class, "modified", c.Modified);
            }
        }

        Line(text);
        Line(text, "## Settings");
        Line(text);
        if (facts.Baseline is null) Line(text, "First release: every setting is new (see the package's README).");
        else if (facts.Settings.Count == 0) Line(text, "No setting changed.");
        else
        {
            Line(text, $"| setting | {before} | {facts.Version} |");
            Line(text, "|---|---|---|");
            foreach (var s in facts.Settings) Line(text, $"| `{s.Name}` | {Value(s.Before)} | {Value(s.Now)} |");
        }

        Line(text);
        Line(text, "## Tools");
        Line(text);
        Line(text, $"| tool | {before} | {facts.Version} |");
        Line(text, "|---|---|---|");
        foreach (var t in facts.Tools) Line(text, $"| {t.Name} | {t.Before ?? "–"} | {(t.Before is not null && t.Before != t.Now ? $"**{t.Now ?? "–"}**" : t.Now ?? "–")} |");
        return text.ToString();
    }

    private static void Paths(StringBuilder text, string label, string kind, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return;
        var named = string.Join(", ", paths.Take(NamedPaths).Select(p => $"`{p}`"));
        var more = paths.Count > NamedPaths ? $" and {paths.Count - NamedPaths} more" : "";
        Line(text, $"- class {label}, {kind} ({paths.Count}): {named}{more}");
    }

    private static string Value(string? value) => value is null ? "–" : $"`{value}`";

    private static string Number(double? value, bool count = false) =>
        value?.ToString(count ? "0" : "0.0000", CultureInfo.InvariantCulture) ?? "–";

    private static string Signed(double? change, bool count = false) => change switch
    {
        null => "",
        0 => "0",
        > 0 and var c => "+" + Number(c, count),
        var c => Number(c, count),
    };

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
