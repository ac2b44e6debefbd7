using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// Fits a <see cref="HiddenMarkovModel"/> to a class's utterances. Start: split every utterance into equal segments,
/// one per state, and cluster each state's frames (seeded k-means++) into its mixture; self-loops from the mean
/// segment length. Then Baum-Welch in the log domain until the gain per frame drops below the tolerance. Variances are
/// floored at <c>varianceFloor</c> times that dimension's variance over the class. Utterances shorter than the number
/// of states cannot be aligned and are left out.
/// </summary>
public sealed class HiddenMarkovTrainer(HmmOptions options, int seed, double varianceFloor) : IClassModelTrainer
{
    /// <summary>Self-loops stay below this, so every state can be left and the exit stays possible.</summary>
    private const double MaxSelfLoop = 1 - 1e-6;

    public HiddenMarkovModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) =>
        FitWithHistory(@class, utterances).Model;

    IClassModel IClassModelTrainer.Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) => Fit(@class, utterances);

    public FitResult<HiddenMarkovModel> FitWithHistory(string @class, IReadOnlyList<FeatureMatrix> utterances)
    {
        TrainingFrames.Dimensions(@class, utterances);
        var usable = utterances.Where(u => u.Rows >= options.States).ToList();
        if (usable.Count == 0)
            throw new WorkflowException(
                $"Class {@class}: no training file has at least train.hmm.states = {options.States} frames; lower train.hmm.states.");
        var floor = TrainingFrames.VarianceFloor(TrainingFrames.Stack(@class, usable), varianceFloor);
        var model = Initial(@class, usable, floor);
        var history = new List<double>();
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var (logLikelihood, next) = Reestimate(model, usable, floor);
            history.Add(logLikelihood);
            if (history.Count > 1 && history[^1] - history[^2] < options.Tolerance) break;
            model = next;
        }
        return new FitResult<HiddenMarkovModel>(model, history);
    }

    private HiddenMarkovModel Initial(string @class, IReadOnlyList<FeatureMatrix> utterances, double[] floor)
    {
        var states = options.States;
        var dimensions = utterances[0].Columns;
        var segments = Enumerable.Range(0, states).Select(_ => new List<double>()).ToList();
        foreach (var utterance in utterances)
        {
            for (var t = 0; t < utterance.Rows; t++)
                segments[(int)((long)t * states / utterance.Rows)].AddRange(utterance.Row(t));
        }
        var random = new SeededRandom(seed);
        var mixtures = new DiagonalMixture[states];
        var selfLoops = new double[states];
        for (var j = 0; j < states; j++)
        {
            var frames = FeatureMatrix.Wrap(segments[j].Count / dimensions, dimensions, segments[j].ToArray());
            mixtures[j] = KMeansPlusPlus.Mixture(frames, KMeansPlusPlus.Cluster(frames, options.Mixtures, random), floor);
            // A segment of mean length L frames: stay with probability 1 - 1/L, the geometric duration of mean L.
            selfLoops[j] = Math.Clamp(1 - (double)utterances.Count / frames.Rows, 0, MaxSelfLoop);
        }
        return new HiddenMarkovModel(@class, selfLoops, mixtures);
    }

    /// <summary>One Baum-Welch pass: the current model's log-likelihood per frame and the re-estimated model.</summary>
    private static (double LogLikelihood, HiddenMarkovModel Next) Reestimate(
        HiddenMarkovModel model, IReadOnlyList<FeatureMatrix> utterances, double[] floor)
    {
        var states = model.States.Length;
        var statistics = model.States.Select(s => new MixtureStatistics(s.Components, s.Dimensions)).ToArray();
        var stay = new double[states];
        var leave = new double[states];
        var total = 0.0;
        long frames = 0;
        foreach (var utterance in utterances)
        {
            total += Accumulate(model, utterance, statistics, stay, leave);
            frames += utterance.Rows;
        }
        var mixtures = new DiagonalMixture[states];
        var selfLoops = new double[states];
        for (var j = 0; j < states; j++)
        {
            mixtures[j] = statistics[j].ToMixture(model.States[j], floor);
            var visits = stay[j] + leave[j];
            selfLoops[j] = visits > 0 ? Math.Min(stay[j] / visits, MaxSelfLoop) : model.SelfLoops[j];
        }
        return (total / frames, new HiddenMarkovModel(model.Class, selfLoops, mixtures));
    }

    /// <summary>Adds one utterance's state and component occupancies and transition counts; returns its log-likelihood.</summary>
    private static double Accumulate(
        HiddenMarkovModel model, FeatureMatrix utterance, MixtureStatistics[] statistics, double[] stay, double[] leave)
    {
        var frames = utterance.Rows;
        var states = model.States.Length;
        var logB = new double[frames * states];
        var components = new double[frames * states][];
        for (var t = 0; t < frames; t++)
        {
            var row = utterance.Row(t);
            for (var j = 0; j < states; j++)
            {
                var terms = new double[model.States[j].Components];
                logB[t * states + j] = model.States[j].ComponentLogLikelihoods(row, terms);
                components[t * states + j] = terms;
            }
        }
        var alpha = new double[frames * states];
        var beta = new double[frames * states];
        var logP = LeftToRightLattice.Forward(logB, frames, states, model.LogStay, model.LogLeave, alpha);
        LeftToRightLattice.Backward(logB, frames, states, model.LogStay, model.LogLeave, beta);
        for (var t = 0; t < frames; t++)
        {
            var row = utterance.Row(t);
            for (var j = 0; j < states; j++)
            {
                var at = t * states + j;
                var gamma = alpha[at] + beta[at] - logP;
                if (gamma < -700) continue; // occupancy below 1e-304: nothing to add
                var terms = components[at];
                for (var k = 0; k < terms.Length; k++) statistics[j].Add(k, row, Math.Exp(gamma + terms[k] - logB[at]));
                if (t == frames - 1) continue;
                var next = at + states;
                stay[j] += Math.Exp(alpha[at] + model.LogStay[j] + logB[next] + beta[next] - logP);
                if (j < states - 1) leave[j] += Math.Exp(alpha[at] + model.LogLeave[j] + logB[next + 1] + beta[next + 1] - logP);
            }
        }
        leave[states - 1] += 1; // every utterance exits the last state after its last frame
        return logP;
    }
}
