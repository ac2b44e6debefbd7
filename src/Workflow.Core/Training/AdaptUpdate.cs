namespace Workflow.Training;

/// <summary>Which parameters MAP adaptation moves towards the new data (<c>train.adapt.update</c>); the rest stay the base's.</summary>
[Flags]
public enum AdaptUpdate
{
    None = 0,
    Means = 1,
    Weights = 2,
    Variances = 4,

    /// <summary>The HMM's self-loop probabilities (ignored by the other families).</summary>
    Transitions = 8,
}
