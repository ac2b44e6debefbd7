using static System.FormattableString;

namespace Workflow.Training;

/// <summary>
/// <c>train.discreteHmm</c>: an HMM per class over note-symbol sequences (<c>features.kind = "pitch"</c>) whose states
/// emit symbols from a multinomial, trained by scaled Baum-Welch from a seeded random start.
/// </summary>
public sealed record DiscreteHmmOptions
{
    public const int MaxStates = 64;
    public const string Ergodic = "ergodic";
    public const string LeftToRight = "left-to-right";

    public int States { get; init; } = 6;

    /// <summary><c>ergodic</c>: any state to any state; <c>left-to-right</c>: start in state 0, stay or move to the next.</summary>
    public string Topology { get; init; } = Ergodic;

    /// <summary>Add-k smoothing of the emissions: k pseudo-counts per symbol and state, so no symbol scores −∞.</summary>
    public double Smoothing { get; init; } = 0.1;

    public int Iterations { get; init; } = 50;

    /// <summary>Stop once an iteration gains less than this in log-likelihood per symbol.</summary>
    public double Tolerance { get; init; } = 1e-5;

    public void Validate()
    {
        OptionChecks.AtLeast("train.discreteHmm.states", States, 1);
        OptionChecks.AtMost("train.discreteHmm.states", States, MaxStates);
        if (Topology is not (Ergodic or LeftToRight))
            throw new WorkflowException($"train.discreteHmm.topology must be '{Ergodic}' or '{LeftToRight}' (got '{Topology}').");
        if (!(Smoothing > 0 && Smoothing <= 100))
            throw new WorkflowException(Invariant($"train.discreteHmm.smoothing must be above 0 and at most 100 (got {Smoothing})."));
        OptionChecks.AtLeast("train.discreteHmm.iterations", Iterations, 0);
        OptionChecks.NotNegative("train.discreteHmm.tolerance", Tolerance);
    }
}
