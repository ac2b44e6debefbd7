using System.Runtime.CompilerServices;
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
        return Skipped(decisions).Select(d => Line(d, plan)).Prepend(Summary(stage, decisions, plan));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<UnitDecision> Skipped(IReadOnlyList<UnitDecision> decisions)
    {
        var skipped = new List<UnitDecision>();
        for (var i = 0; i < decisions.Count; i++)
            if (decisions[i].Status == UnitDecision.Skipped) skipped.Add(decisions[i]);
        return skipped;
    }

    public static string Line(UnitDecision d, bool plan) => d.Status switch
    {
        UnitDecision.Ran => $"{d.Stage}[{d.Unit}]: {(plan ? "would run" : "ran")} — {d.Reason}",
        UnitDecision.Skipped => $"{d.Stage}[{d.Unit}]: skipped — {d.Reason}",
        _ when d.Key.Length == 0 => $"{d.Stage}[{d.Unit}]: up-to-date ({d.Reason})",
        _ => $"{d.Stage}[{d.Unit}]: up-to-date ({d.Reason}; key {ContentHash.Short(d.Key)})",
    };

    // One pass over 100,000 decisions, compiled optimised at once (see StageRunner.Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Summary(string stage, IReadOnlyList<UnitDecision> decisions, bool plan)
    {
        var (ran, remote) = (new List<UnitDecision>(), new List<UnitDecision>());
        var (restored, upToDate, skipped) = (0, 0, 0);
        for (var i = 0; i < decisions.Count; i++)
        {
            var d = decisions[i];
            if (d.Status == UnitDecision.Ran) ran.Add(d);
            else if (d.Status == UnitDecision.Skipped) skipped++;
            else if (d.Status == UnitDecision.UpToDate)
            {
                upToDate++;
                if (d.Reason.StartsWith("restored", StringComparison.Ordinal)) restored++;
            }
            if (d.From == UnitDecision.Remote) remote.Add(d);
        }
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
