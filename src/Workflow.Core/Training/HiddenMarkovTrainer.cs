using System.Runtime.CompilerServices;
using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// Fits a <see cref="HiddenMarkovModel"/> to a class's utterances. Start: split every utterance into equal segments,
/// one per state, and cluster each state's frames (seeded k-means++; at most <see cref="MaxInitialFrames"/> of them)
/// into its mixture; self-loops from the mean segment length. Then Baum-Welch (on per-frame scaled probabilities, in
/// the log domain for an utterance that would underflow) until the gain per frame drops below the tolerance. Variances
/// are floored at <c>varianceFloor</c> times that dimension's variance over the class. Utterances shorter than the number
/// of states cannot be aligned and are left out.
/// <para>
/// The E-step runs on up to <paramref name="maxDegreeOfParallelism"/> cores (−1: all): the utterances are cut into
/// chunks of <see cref="ChunkUtterances"/>, each chunk accumulates its own statistics, and the chunks are added in
/// order, so the model is the same bits whatever the core count or scheduling.
/// </para>
/// </summary>
public sealed class HiddenMarkovTrainer(HmmOptions options, int seed, double varianceFloor, int maxDegreeOfParallelism = -1)
    : IClassModelTrainer
{
    /// <summary>Self-loops stay below this, so every state can be left and the exit stays possible.</summary>
    internal const double MaxSelfLoop = 1 - 1e-6;

    /// <summary>
    /// A state's occupancy of one frame below e^−69 ≈ 1e−30 is left out (with its share of the transitions): every
    /// frame's occupancies add up to 1, so what is left out is far below a double's precision of the sums it would join.
    /// </summary>
    private const double MinLogOccupancy = -69;

    private static readonly double MinOccupancy = Math.Exp(MinLogOccupancy);

    /// <summary>Utterances per E-step chunk: part of what fixes the summation order, so changing it changes model bits.</summary>
    internal const int ChunkUtterances = 64;

    /// <summary>
    /// At most this many of a state's frames seed its mixture (<see cref="InitialFrames"/>): k-means over all of them
    /// (~147,000 a state for a class of 9,000 one-second clips) cost ~14 % of training, and Baum-Welch re-estimates the
    /// mixture from every frame anyway. Classes of up to ~3,000 one-second clips (6 states) are seeded from every frame,
    /// as before. At 100,000 clips a limit of 16,384 measured test accuracy 0.9952, this one 1.0 (all frames: 0.9999).
    /// </summary>
    internal const int MaxInitialFrames = 49152;

    public HiddenMarkovModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) =>
        FitWithHistory(@class, TrainingSet.From(@class, utterances)).Model;

    public HiddenMarkovModel Fit(string @class, TrainingSet utterances) => FitWithHistory(@class, utterances).Model;

    IClassModel IClassModelTrainer.Fit(string @class, TrainingSet utterances) => Fit(@class, utterances);

    public FitResult<HiddenMarkovModel> FitWithHistory(string @class, IReadOnlyList<FeatureMatrix> utterances) =>
        FitWithHistory(@class, TrainingSet.From(@class, utterances));

    public FitResult<HiddenMarkovModel> FitWithHistory(string @class, TrainingSet set)
    {
        var usable = Enumerable.Range(0, set.Count).Where(u => set.Length(u) >= options.States).ToArray();
        if (usable.Length == 0)
            throw new WorkflowException(
                $"Class {@class}: no training file has at least train.hmm.states = {options.States} frames; lower train.hmm.states.");
        var floor = TrainingFrames.VarianceFloor(set, usable, varianceFloor);
        var model = Initial(@class, set, usable, floor);
        var history = new List<double>();
        var chunks = new ChunkStatistics[(usable.Length + ChunkUtterances - 1) / ChunkUtterances];
        var components = model.States.Select(s => s.Components).ToArray();
        for (var c = 0; c < chunks.Length; c++) chunks[c] = new ChunkStatistics(components, set.Columns);
        var longest = usable.Max(set.Length);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var (logLikelihood, next) = Reestimate(model, set, usable, floor, chunks, longest);
            history.Add(logLikelihood);
            if (history.Count > 1 && history[^1] - history[^2] < options.Tolerance) break;
            model = next;
        }
        return new FitResult<HiddenMarkovModel>(model, history);
    }

    private HiddenMarkovModel Initial(string @class, TrainingSet set, int[] usable, double[] floor)
    {
        var states = options.States;
        var segments = Enumerable.Range(0, states).Select(_ => new List<int>()).ToList();
        foreach (var u in usable)
        {
            var (start, length) = (set.Start(u), set.Length(u));
            for (var t = 0; t < length; t++) segments[(int)((long)t * states / length)].Add(start + t);
        }
        var random = new SeededRandom(seed);
        var mixtures = new DiagonalMixture[states];
        var selfLoops = new double[states];
        float[]? scratch = null;
        for (var j = 0; j < states; j++)
        {
            var count = segments[j].Count;
            var frames = new FrameSelection(set, InitialFrames(segments[j], MaxInitialFrames)).Compact(ref scratch);
            segments[j] = []; // the indices now live in the selection only
            mixtures[j] = KMeansPlusPlus.Mixture(frames, KMeansPlusPlus.Cluster(frames, options.Mixtures, random, maxDegreeOfParallelism), floor);
            // A segment of mean length L frames: stay with probability 1 - 1/L, the geometric duration of mean L.
            selfLoops[j] = Math.Clamp(1 - (double)usable.Length / count, 0, MaxSelfLoop);
        }
        return new HiddenMarkovModel(@class, selfLoops, mixtures);
    }

    /// <summary>
    /// The frames a state's mixture is seeded from: all of <paramref name="rows"/> when there are at most
    /// <paramref name="max"/>, else every s-th in order (s = ⌈count / max⌉, starting with the first), so a sample spread
    /// over every utterance, the same every time.
    /// </summary>
    internal static int[] InitialFrames(List<int> rows, int max)
    {
        if (rows.Count <= max) return [.. rows];
        var step = (rows.Count + max - 1) / max;
        var sample = new int[(rows.Count + step - 1) / step];
        for (var i = 0; i < sample.Length; i++) sample[i] = rows[i * step];
        return sample;
    }

    /// <summary>One Baum-Welch pass: the current model's log-likelihood per frame and the re-estimated model.</summary>
    private (double LogLikelihood, HiddenMarkovModel Next) Reestimate(
        HiddenMarkovModel model, TrainingSet set, int[] usable, double[] floor, ChunkStatistics[] chunks, int longest)
    {
        var states = model.States.Length;
        var total = Expect(model, set, usable, chunks, longest);
        var mixtures = new DiagonalMixture[states];
        var selfLoops = new double[states];
        for (var j = 0; j < states; j++)
        {
            mixtures[j] = total.Mixtures[j].ToMixture(model.States[j], floor);
            var visits = total.Stay[j] + total.Leave[j];
            selfLoops[j] = visits > 0 ? Math.Min(total.Stay[j] / visits, MaxSelfLoop) : model.SelfLoops[j];
        }
        return (total.LogLikelihood / total.Frames, new HiddenMarkovModel(model.Class, selfLoops, mixtures));
    }

    /// <summary>
    /// The E-step of <paramref name="model"/> over the utterances of <paramref name="set"/> long enough to align
    /// (at least as many frames as states): per state its component occupancies and Σγx, Σγx², its stay and leave
    /// counts; the log-likelihood and frames. What MAP adaptation (<see cref="HiddenMarkovAdapter"/>) starts from.
    /// </summary>
    internal ChunkStatistics Statistics(HiddenMarkovModel model, TrainingSet set)
    {
        var usable = Enumerable.Range(0, set.Count).Where(u => set.Length(u) >= model.States.Length).ToArray();
        var components = model.States.Select(s => s.Components).ToArray();
        var chunks = new ChunkStatistics[Math.Max(1, (usable.Length + ChunkUtterances - 1) / ChunkUtterances)];
        for (var c = 0; c < chunks.Length; c++) chunks[c] = new ChunkStatistics(components, set.Columns);
        return usable.Length == 0 ? chunks[0] : Expect(model, set, usable, chunks, usable.Max(set.Length));
    }

    /// <summary>The E-step over <paramref name="usable"/>, chunk by chunk (in parallel), summed in chunk order into chunks[0].</summary>
    private ChunkStatistics Expect(HiddenMarkovModel model, TrainingSet set, int[] usable, ChunkStatistics[] chunks, int longest)
    {
        var emissions = new StateEmissions(model.States);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, chunks.Length, parallel, () => new Scratch(longest, emissions.States, emissions.Stride, set.Columns),
            (c, _, scratch) =>
            {
                var chunk = chunks[c];
                chunk.Clear();
                var end = Math.Min(usable.Length, (c + 1) * ChunkUtterances);
                for (var i = c * ChunkUtterances; i < end; i++)
                {
                    var u = usable[i];
                    chunk.LogLikelihood += Accumulate(model, emissions, set, set.Start(u), set.Length(u), chunk, scratch);
                    chunk.Frames += set.Length(u);
                }
                return scratch;
            },
            _ => { });
        var total = chunks[0];
        for (var c = 1; c < chunks.Length; c++) total.Add(chunks[c]);
        return total;
    }

    /// <summary>
    /// Adds one utterance's state and component occupancies and transition counts; returns its log-likelihood.
    /// Forward-backward runs on probabilities scaled per frame (<see cref="LeftToRightLattice.ScaledOccupancies"/>), or
    /// in the log domain for an utterance whose scaled probabilities underflow. A transition's count is the occupancy of
    /// the state it leads to times the share of that state's forward probability that came through it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Accumulate(
        HiddenMarkovModel model, StateEmissions emissions, TrainingSet set, int start, int frames, ChunkStatistics statistics, Scratch scratch)
    {
        var states = emissions.States;
        var stride = emissions.Stride;
        var dimensions = set.Columns;
        // The utterance's frames as doubles, and their squares, once: the emissions and the statistics both read them.
        var x = scratch.Frames.AsSpan(0, frames * dimensions);
        var squared = scratch.Squared.AsSpan(0, frames * dimensions);
        VectorMath.Widen(set.Values.Slice(start * dimensions, frames * dimensions), x);
        for (var i = 0; i < x.Length; i++) squared[i] = x[i] * x[i];
        var peaks = scratch.Peaks.AsSpan(0, frames * states);
        var sums = scratch.Sums.AsSpan(0, frames * states);
        var shares = scratch.Shares;
        var scaled = scratch.Scaled.AsSpan(0, frames * states);
        var shift = scratch.Shift.AsSpan(0, frames);
        for (var t = 0; t < frames; t++)
        {
            var framePeaks = peaks.Slice(t * states, states);
            var frameSums = sums.Slice(t * states, states);
            emissions.Evaluate(
                x.Slice(t * dimensions, dimensions), squared.Slice(t * dimensions, dimensions), framePeaks, frameSums,
                shares.AsSpan(t * states * stride, states * stride));
            shift[t] = StateEmissions.Scale(framePeaks, frameSums, scaled.Slice(t * states, states));
        }
        var gamma = scratch.Gamma.AsSpan(0, frames * states);
        var stayShare = scratch.StayShare.AsSpan(0, frames * states);
        var enterShare = scratch.EnterShare.AsSpan(0, frames * states);
        var alpha = scratch.Alpha.AsSpan(0, frames * states);
        var beta = scratch.Beta.AsSpan(0, frames * states);
        if (!LeftToRightLattice.ScaledOccupancies(
                scaled, shift, frames, states, model.Stay, model.Leave, alpha, beta, gamma, stayShare, enterShare, out var logP))
            logP = LogDomainOccupancies(model, peaks, sums, frames, states, scratch, gamma, stayShare, enterShare);
        for (var t = 0; t < frames; t++)
        {
            var frame = x.Slice(t * dimensions, dimensions);
            var frameSquared = squared.Slice(t * dimensions, dimensions);
            for (var j = 0; j < states; j++)
            {
                var at = t * states + j;
                var occupancy = gamma[at];
                if (!(occupancy >= MinOccupancy)) continue;
                var mixture = statistics.Mixtures[j];
                mixture.AddShares(frame, frameSquared, occupancy, shares.AsSpan(at * stride, mixture.Components));
                if (t == 0) continue;
                statistics.Stay[j] += occupancy * stayShare[at];
                if (j > 0) statistics.Leave[j - 1] += occupancy * enterShare[at];
            }
        }
        statistics.Leave[states - 1] += 1; // every utterance exits the last state after its last frame
        return logP;
    }

    /// <summary>The occupancies by the log-domain passes, for an utterance too unlikely for scaled probabilities.</summary>
    private static double LogDomainOccupancies(
        HiddenMarkovModel model, ReadOnlySpan<double> peaks, ReadOnlySpan<double> sums, int frames, int states, Scratch scratch,
        Span<double> gamma, Span<double> stayShare, Span<double> enterShare)
    {
        var logB = scratch.Scaled.AsSpan(0, frames * states);
        for (var i = 0; i < logB.Length; i++) logB[i] = peaks[i] + Math.Log(sums[i]);
        var alpha = scratch.Alpha.AsSpan(0, frames * states);
        var beta = scratch.Beta.AsSpan(0, frames * states);
        var logP = LeftToRightLattice.Forward(logB, frames, states, model.LogStay, model.LogLeave, alpha, stayShare, enterShare);
        LeftToRightLattice.Backward(logB, frames, states, model.LogStay, model.LogLeave, beta);
        for (var i = 0; i < gamma.Length; i++)
        {
            var logGamma = alpha[i] + beta[i] - logP;
            gamma[i] = logGamma < MinLogOccupancy ? 0 : Math.Exp(logGamma);
        }
        return logP;
    }

    /// <summary>One chunk's statistics: per state its mixture's, stay and leave counts; the log-likelihood and frames.</summary>
    internal sealed class ChunkStatistics
    {
        public ChunkStatistics(int[] components, int dimensions)
        {
            Mixtures = components.Select(k => new MixtureStatistics(k, dimensions)).ToArray();
            Stay = new double[components.Length];
            Leave = new double[components.Length];
        }

        public MixtureStatistics[] Mixtures { get; }

        public double[] Stay { get; }

        public double[] Leave { get; }

        public double LogLikelihood { get; set; }

        public long Frames { get; set; }

        public void Clear()
        {
            foreach (var mixture in Mixtures) mixture.Clear();
            Array.Clear(Stay);
            Array.Clear(Leave);
            LogLikelihood = 0;
            Frames = 0;
        }

        public void Add(ChunkStatistics other)
        {
            for (var j = 0; j < Mixtures.Length; j++)
            {
                Mixtures[j].Add(other.Mixtures[j]);
                Stay[j] += other.Stay[j];
                Leave[j] += other.Leave[j];
            }
            LogLikelihood += other.LogLikelihood;
            Frames += other.Frames;
        }
    }

    /// <summary>One worker's buffers, sized for the longest utterance: nothing is allocated per utterance or frame.</summary>
    private sealed class Scratch(int frames, int states, int stride, int dimensions)
    {
        public double[] Frames { get; } = new double[frames * dimensions];
        public double[] Squared { get; } = new double[frames * dimensions];
        public double[] Peaks { get; } = new double[frames * states];
        public double[] Sums { get; } = new double[frames * states];
        public double[] Shares { get; } = new double[frames * states * stride];
        public double[] Scaled { get; } = new double[frames * states];
        public double[] Shift { get; } = new double[frames];
        public double[] Gamma { get; } = new double[frames * states];
        public double[] Alpha { get; } = new double[frames * states];
        public double[] Beta { get; } = new double[frames * states];
        public double[] StayShare { get; } = new double[frames * states];
        public double[] EnterShare { get; } = new double[frames * states];
    }
}
