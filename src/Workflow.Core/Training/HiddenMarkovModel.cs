using System.Runtime.CompilerServices;
using Newtonsoft.Json;
using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// A left-to-right HMM of a class's utterances: it starts in state 0, each frame either stays (probability
/// <c>selfLoops[i]</c>) or moves on to the next state, and the utterance ends by leaving the last state (the rest of
/// its probability). States emit diagonal Gaussian mixtures. Scores an utterance by its forward log-likelihood per
/// frame. File format (<c>&lt;class&gt;.model</c>, JSON, doubles written round-trip):
/// <c>{"formatVersion": 1, "family": "hmm", "class": "7", "selfLoops": [a…], "states": [{"weights", "means", "variances"}…]}</c>.
/// </summary>
public sealed class HiddenMarkovModel : IClassModel
{
    public const int FormatVersion = 1;
    public const string Family = "hmm";

    private readonly double[] _logStay;
    private readonly double[] _logLeave;
    private StateEmissions? _emissions;

    [JsonConstructor]
    public HiddenMarkovModel(string @class, double[] selfLoops, DiagonalMixture[] states)
    {
        if (states.Length == 0 || selfLoops.Length != states.Length)
            throw new ArgumentException("an HMM needs at least one state and one self-loop probability per state");
        if (selfLoops.Any(a => !(a >= 0 && a < 1)))
            throw new ArgumentException("self-loop probabilities must be in [0, 1)");
        if (states.Any(s => s.Dimensions != states[0].Dimensions))
            throw new ArgumentException("every state must have the same dimensions");
        Class = @class;
        SelfLoops = selfLoops;
        States = states;
        _logStay = selfLoops.Select(a => Math.Log(a)).ToArray();
        _logLeave = selfLoops.Select(a => Math.Log(1 - a)).ToArray();
        Leave = selfLoops.Select(a => 1 - a).ToArray();
    }

    [JsonProperty("formatVersion", Order = 1)]
    private int SerializedFormatVersion => FormatVersion;

    [JsonProperty("family", Order = 2)]
    private string SerializedFamily => Family;

    [JsonProperty("class", Order = 3)]
    public string Class { get; }

    [JsonProperty("selfLoops", Order = 4)]
    public double[] SelfLoops { get; }

    [JsonProperty("states", Order = 5)]
    public DiagonalMixture[] States { get; }

    internal double[] LogStay => _logStay;

    /// <summary>The self-loops, as transition probabilities.</summary>
    internal double[] Stay => SelfLoops;

    /// <summary>1 − each self-loop: the move to the next state, or for the last state the exit.</summary>
    internal double[] Leave { get; }

    internal double[] LogLeave => _logLeave;

    /// <summary>
    /// Forward log-likelihood per frame. An utterance with fewer frames than states has no path through the model;
    /// it is scored by each frame's best state instead, the same rule for every class, so classes stay comparable.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Score(FeatureMatrix features)
    {
        if (features.Rows == 0) return double.NegativeInfinity;
        if (features.Rows >= States.Length && ScaledScore(features) is var scaled && !double.IsNaN(scaled)) return scaled;
        var logB = LogEmissions(features);
        if (features.Rows < States.Length)
        {
            var best = 0.0;
            for (var t = 0; t < features.Rows; t++) best += logB.AsSpan(t * States.Length, States.Length).ToArray().Max();
            return best / features.Rows;
        }
        return LeftToRightLattice.Forward(logB, features.Rows, States.Length, _logStay, _logLeave, []) / features.Rows;
    }

    /// <summary>
    /// The forward log-likelihood per frame on per-frame scaled probabilities (what training uses): the same value as
    /// the log-domain pass to ~1e−12, without an exponential and a logarithm per state and frame; NaN for an utterance
    /// too unlikely for scaled probabilities (then the log-domain pass answers).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double ScaledScore(FeatureMatrix features)
    {
        var emissions = _emissions ??= new StateEmissions(States); // built once per model (a race builds it twice, alike)
        var (frames, states) = (features.Rows, States.Length);
        var pool = System.Buffers.ArrayPool<double>.Shared;
        var columns = features.Columns;
        var buffer = pool.Rent(columns + states * (2 + emissions.Stride) + frames * (2 * states + 1));
        try
        {
            var span = buffer.AsSpan();
            var squared = span[..columns];
            var peaks = span.Slice(columns, states);
            var sums = span.Slice(columns + states, states);
            var shares = span.Slice(columns + 2 * states, states * emissions.Stride);
            var rest = span[(columns + states * (2 + emissions.Stride))..];
            var scaled = rest[..(frames * states)];
            var alpha = rest.Slice(frames * states, frames * states);
            var shift = rest.Slice(2 * frames * states, frames);
            for (var t = 0; t < frames; t++)
            {
                var x = features.Row(t);
                for (var d = 0; d < columns; d++) squared[d] = x[d] * x[d];
                emissions.Evaluate(x, squared, peaks, sums, shares);
                shift[t] = StateEmissions.Scale(peaks, sums, scaled.Slice(t * states, states));
            }
            return LeftToRightLattice.ScaledForward(scaled, shift, frames, states, Stay, Leave, alpha, [], []) / frames;
        }
        finally
        {
            pool.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal double[] LogEmissions(FeatureMatrix features)
    {
        var logB = new double[features.Rows * States.Length];
        for (var t = 0; t < features.Rows; t++)
        {
            var row = features.Row(t);
            for (var j = 0; j < States.Length; j++) logB[t * States.Length + j] = States[j].LogLikelihood(row);
        }
        return logB;
    }
}
