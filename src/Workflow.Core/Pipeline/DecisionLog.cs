using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// Prints a stage's decisions: one line per unit, or for a stage with many units one summary line naming what ran,
/// e.g. <c>ExtractFeatures: 1499 up-to-date, 1 ran (data/7/7_theo_3.wav changed)</c>.
/// </summary>
public static class DecisionLog
{
    public const int MaxLinesPerStage = 12;
    private const int MaxNamedInSummary = 5;

    public static IEnumerable<string> Lines(string stage, IReadOnlyList<UnitDecision> decisions, bool plan)
    {
        if (decisions.Count <= MaxLinesPerStage)
            return decisions.Select(d => Line(d, plan));
        // Skipped units are always listed one by one: each is something the user has to look at.
        return decisions.Where(d => d.Status == UnitDecision.Skipped).Select(d => Line(d, plan))
            .Prepend(Summary(stage, decisions, plan));
    }

    public static string Line(UnitDecision d, bool plan) => d.Status switch
    {
        UnitDecision.Ran => $"{d.Stage}[{d.Unit}]: {(plan ? "would run" : "ran")} — {d.Reason}",
        UnitDecision.Skipped => $"{d.Stage}[{d.Unit}]: skipped — {d.Reason}",
        _ when d.Key.Length == 0 => $"{d.Stage}[{d.Unit}]: up-to-date ({d.Reason})",
        _ => $"{d.Stage}[{d.Unit}]: up-to-date ({d.Reason}; key {ContentHash.Short(d.Key)})",
    };

    private static string Summary(string stage, IReadOnlyList<UnitDecision> decisions, bool plan)
    {
        var ran = decisions.Where(d => d.Status == UnitDecision.Ran).ToList();
        var restored = decisions.Count(d => d.Status == UnitDecision.UpToDate && d.Reason.StartsWith("restored", StringComparison.Ordinal));
        var upToDate = decisions.Count(d => d.Status == UnitDecision.UpToDate);
        var skipped = decisions.Count(d => d.Status == UnitDecision.Skipped);
        var remote = decisions.Where(d => d.From == UnitDecision.Remote).ToList();
        var text = $"{stage}: {upToDate} up-to-date";
        if (remote.Count > 0) text += $" ({remote.Count} {remote[0].Reason})"; // "(8 from remote cache 'ci')"
        if (restored > 0) text += $" ({restored} restored from cache)";
        if (skipped > 0) text += $", {skipped} skipped";
        if (ran.Count == 0) return text;
        // Units that ran for the same reason are named once: "no previous run [1500 units]".
        var groups = ran.GroupBy(d => Shorten(d.Reason)).ToList();
        var named = string.Join("; ", groups.Take(MaxNamedInSummary)
            .Select(g => g.Count() == 1 || groups.Count == 1 ? g.Key : $"{g.Key} [{g.Count()} units]"));
        if (groups.Count > MaxNamedInSummary) named += $"; +{groups.Skip(MaxNamedInSummary).Sum(g => g.Count())} more";
        return $"{text}, {ran.Count} {(plan ? "would run" : "ran")} ({named})";
    }

    // In a summary the unit is implied by its input: "input data/7/x.wav changed" reads as "data/7/x.wav changed".
    private static string Shorten(string reason) =>
        reason.StartsWith("input ", StringComparison.Ordinal) ? reason["input ".Length..] : reason;
}
