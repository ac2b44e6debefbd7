using static System.FormattableString;

namespace Workflow.Training;

/// <summary>
/// <c>train.adapt</c>: how a class model of <c>train.base</c> is adapted to this data (MAP, Reynolds et al. 2000).
/// Each Gaussian component k with occupancy n_k in the new data moves by α_k = n_k / (n_k + relevance) towards the
/// data's own estimate: many frames, far; few, hardly. Used only when <c>train.base</c> is set.
/// </summary>
public sealed record AdaptOptions
{
    public static readonly string[] Parts = ["means", "weights", "variances", "transitions"];

    // The defaults are the best of the settings bench/adapt.sh tried (README, Fine-tuning): a low relevance, weights with
    // the means, three passes. Reynolds' usual 16, means only, one pass: 0.951 instead of 0.969 with 5 recordings a class.

    /// <summary>r in α = n / (n + r): the frames a component needs before the data weighs as much as the base.</summary>
    public double Relevance { get; init; } = 2;

    /// <summary>A comma-separated subset of <see cref="Parts"/>.</summary>
    public string Update { get; init; } = "means,weights";

    /// <summary>E-step / MAP passes; each pass's posteriors come from the last pass's model, the prior is always the base.</summary>
    public int Iterations { get; init; } = 3;

    public const int MaxIterations = 100;

    public AdaptUpdate Updates => Parse(Update);

    /// <summary>The update list in canonical order (what goes into the Train key), e.g. <c>means,variances</c>.</summary>
    public string CanonicalUpdate => string.Join(",", Parts.Where((_, i) => Updates.HasFlag((AdaptUpdate)(1 << i))));

    public void Validate()
    {
        OptionChecks.NotNegative("train.adapt.relevance", Relevance);
        OptionChecks.AtLeast("train.adapt.iterations", Iterations, 1);
        OptionChecks.AtMost("train.adapt.iterations", Iterations, MaxIterations);
        _ = Updates;
    }

    private static AdaptUpdate Parse(string text)
    {
        var result = AdaptUpdate.None;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var index = Array.IndexOf(Parts, part);
            if (index < 0)
                throw new WorkflowException(Invariant(
                    $"train.adapt.update '{text}': '{part}' is not known; use a comma-separated list of {string.Join(", ", Parts)} (e.g. \"means\" or \"means,weights,variances\")."));
            result |= (AdaptUpdate)(1 << index);
        }
        if (result == AdaptUpdate.None)
            throw new WorkflowException(
                $"train.adapt.update is empty; name at least one of {string.Join(", ", Parts)} (e.g. \"means\").");
        return result;
    }
}
