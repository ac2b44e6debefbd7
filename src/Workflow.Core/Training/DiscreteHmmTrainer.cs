using static System.FormattableString;

namespace Workflow.Training;

/// <summary>
/// Fits a <see cref="DiscreteHiddenMarkovModel"/> by Baum-Welch with normalised (scaled) forward-backward passes:
/// each forward step is divided by s_t = P(o_t | o_1…t−1), so nothing underflows and log P(O) = Σ log s_t. The
/// emission update adds k pseudo-counts per symbol (add-k smoothing, a Dirichlet prior), which makes it MAP-EM:
/// log-likelihood + k·Σ log b never decreases from one iteration to the next (with k → 0, the likelihood itself).
/// Starts: ergodic from seeded random transitions and the class's symbol frequencies perturbed per state;
/// left-to-right from a uniform segmentation of every sequence. Sums run in sequence order: deterministic.
/// </summary>
public sealed class DiscreteHmmTrainer(DiscreteHmmOptions options, int seed, int alphabet = 0) : IClassModelTrainer
{
    public IClassModel Fit(string @class, TrainingSet utterances) => Train(@class, Sequences(@class, utterances)).Model;

    /// <summary>The model and the objective (log-likelihood + log prior of the emissions) of every iteration's start.</summary>
    internal (DiscreteHiddenMarkovModel Model, List<double> Objective) Train(string @class, IReadOnlyList<int[]> sequences)
    {
        options.Validate();
        var data = sequences.Where(s => s.Length > 0).ToList();
        if (data.Count == 0)
            throw new WorkflowException($"Class {@class} has no notes in its training files (nothing voiced); add recordings with a melody, or check features.pitch.fmin/fmax/threshold.");
        var symbols = alphabet > 0 ? alphabet : data.Max(s => s.Max()) + 1;
        if (data.Any(s => s.Any(o => o < 0 || o >= symbols)))
            throw new WorkflowException(Invariant($"Class {@class}: a training sequence has a symbol outside 0…{symbols - 1}; rebuild the features with one setting."));
        var model = Start(@class, data, symbols);
        var objective = new List<double>();
        var total = data.Sum(s => s.Length);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var (next, logLikelihood) = Step(model, data);
            objective.Add(logLikelihood + Prior(model));
            var gain = objective.Count > 1 ? (objective[^1] - objective[^2]) / total : double.PositiveInfinity;
            if (gain < options.Tolerance) break;
            model = next;
        }

        return (model, objective);
    }

    private double Prior(DiscreteHiddenMarkovModel model) =>
        options.Smoothing * model.Emissions.Sum(row => row.Sum(Math.Log));

    /// <summary>One E-step over every sequence at <paramref name="model"/>, and the M-step's model.</summary>
    private (DiscreteHiddenMarkovModel Next, double LogLikelihood) Step(DiscreteHiddenMarkovModel model, List<int[]> data)
    {
        var n = model.States;
        var m = model.Alphabet;
        var initial = new double[n];
        var transitions = Matrix(n, n);
        var emissions = Matrix(n, m);
        var logLikelihood = 0.0;
        foreach (var o in data)
        {
            var t = o.Length;
            var alpha = Matrix(t, n);
            var beta = Matrix(t, n);
            var scale = new double[t];
            for (var s = 0; s < t; s++)
            {
                for (var j = 0; j < n; j++)
                {
                    var sum = 0.0;
                    if (s == 0) sum = model.Initial[j];
                    else for (var i = 0; i < n; i++) sum += alpha[s - 1][i] * model.Transitions[i][j];
                    alpha[s][j] = sum * model.Emissions[j][o[s]];
                    scale[s] += alpha[s][j];
                }

                for (var j = 0; j < n; j++) alpha[s][j] /= scale[s];
                logLikelihood += Math.Log(scale[s]);
            }

            Array.Fill(beta[t - 1], 1.0);
            for (var s = t - 2; s >= 0; s--)
            {
                for (var i = 0; i < n; i++)
                {
                    var sum = 0.0;
                    for (var j = 0; j < n; j++) sum += model.Transitions[i][j] * model.Emissions[j][o[s + 1]] * beta[s + 1][j];
                    beta[s][i] = sum / scale[s + 1];
                }
            }

            for (var s = 0; s < t; s++)
            {
                for (var j = 0; j < n; j++)
                {
                    var gamma = alpha[s][j] * beta[s][j];
                    if (s == 0) initial[j] += gamma;
                    emissions[j][o[s]] += gamma;
                }

                if (s + 1 == t) continue;
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                        transitions[i][j] += alpha[s][i] * model.Transitions[i][j] * model.Emissions[j][o[s + 1]] * beta[s + 1][j] / scale[s + 1];
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            var row = transitions[i].Sum();
            transitions[i] = row > 0 ? [.. transitions[i].Select(x => x / row)] : [.. model.Transitions[i]];
            var counts = emissions[i].Sum();
            emissions[i] = [.. emissions[i].Select(x => (x + options.Smoothing) / (counts + options.Smoothing * m))];
        }

        var starts = options.Topology == DiscreteHmmOptions.LeftToRight ? model.Initial : [.. initial.Select(x => x / data.Count)];
        return (new DiscreteHiddenMarkovModel(model.Class, options.Topology, starts, transitions, emissions), logLikelihood);
    }

    private DiscreteHiddenMarkovModel Start(string @class, List<int[]> data, int symbols)
    {
        var n = options.States;
        var random = new SeededRandom(seed);
        var initial = new double[n];
        var transitions = Matrix(n, n);
        var emissions = Matrix(n, symbols);
        if (options.Topology == DiscreteHmmOptions.LeftToRight)
        {
            initial[0] = 1.0;
            // Each sequence cut into n equal parts, part j counted for state j; the stay probability gives each state
            // its share of the mean length.
            foreach (var o in data)
                for (var s = 0; s < o.Length; s++) emissions[Math.Min(n - 1, s * n / o.Length)][o[s]] += 1;
            var stay = Math.Clamp(1 - n / data.Average(o => (double)o.Length), 0.1, 0.95);
            for (var i = 0; i < n; i++)
            {
                transitions[i][i] = i == n - 1 ? 1.0 : stay;
                if (i < n - 1) transitions[i][i + 1] = 1 - stay;
            }
        }
        else
        {
            var frequencies = new double[symbols];
            foreach (var o in data) foreach (var x in o) frequencies[x] += 1;
            for (var i = 0; i < n; i++)
            {
                initial[i] = 0.5 + random.NextDouble();
                for (var j = 0; j < n; j++) transitions[i][j] = 0.5 + random.NextDouble();
                for (var x = 0; x < symbols; x++) emissions[i][x] = frequencies[x] * (0.25 + 1.5 * random.NextDouble());
            }

            Normalise([initial]);
            Normalise(transitions);
        }

        for (var i = 0; i < n; i++)
        {
            var counts = emissions[i].Sum();
            for (var x = 0; x < symbols; x++) emissions[i][x] = (emissions[i][x] + options.Smoothing) / (counts + options.Smoothing * symbols);
        }

        return new DiscreteHiddenMarkovModel(@class, options.Topology, initial, transitions, emissions);
    }

    private static void Normalise(double[][] rows)
    {
        foreach (var row in rows)
        {
            var sum = row.Sum();
            for (var j = 0; j < row.Length; j++) row[j] /= sum;
        }
    }

    private static double[][] Matrix(int rows, int columns) => [.. Enumerable.Range(0, rows).Select(_ => new double[columns])];

    private int[][] Sequences(string @class, TrainingSet set)
    {
        if (set.Columns != 1 && set.Frames > 0)
            throw new WorkflowException(Invariant(
                $"Class {@class}: train.family \"discrete-hmm\" trains on note symbols, but the features have {set.Columns} columns; set features.kind to \"pitch\"."));
        var sequences = new int[set.Count][];
        for (var u = 0; u < set.Count; u++)
        {
            sequences[u] = new int[set.Length(u)];
            for (var t = 0; t < sequences[u].Length; t++) sequences[u][t] = (int)set.Row(set.Start(u) + t)[0];
        }

        return sequences;
    }
}
