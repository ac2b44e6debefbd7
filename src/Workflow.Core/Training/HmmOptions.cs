namespace Workflow.Training;

/// <summary>
/// <c>train.hmm</c>: a left-to-right HMM per class whose states emit diagonal Gaussian mixtures, initialised from a
/// uniform segmentation of each utterance and refined by Baum-Welch.
/// </summary>
public sealed record HmmOptions
{
    public const int MaxStates = 64;
    public const int MaxMixtures = 64;

    /// <summary>Emitting states; an utterance shorter than this many frames cannot be aligned and is skipped in training.</summary>
    public int States { get; init; } = 6;

    /// <summary>Gaussian components per state.</summary>
    public int Mixtures { get; init; } = 3;

    /// <summary>At most this many Baum-Welch iterations.</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Baum-Welch stops once an iteration gains less than this in log-likelihood per frame.</summary>
    public double Tolerance { get; init; } = 1e-3;

    public void Validate()
    {
        OptionChecks.AtLeast("train.hmm.states", States, 1);
        OptionChecks.AtMost("train.hmm.states", States, MaxStates);
        OptionChecks.AtLeast("train.hmm.mixtures", Mixtures, 1);
        OptionChecks.AtMost("train.hmm.mixtures", Mixtures, MaxMixtures);
        OptionChecks.AtLeast("train.hmm.iterations", Iterations, 0);
        OptionChecks.NotNegative("train.hmm.tolerance", Tolerance);
    }
}
