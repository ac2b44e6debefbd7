using Newtonsoft.Json;
using Workflow.Features;
using static System.FormattableString;

namespace Workflow.Training;

/// <summary>
/// An HMM over note symbols (one-column features, each value a symbol in [0, alphabet)): initial state
/// probabilities, a transition matrix (ergodic or left-to-right) and a multinomial emission per state, smoothed so
/// every symbol has a positive probability. Scores a sequence by its forward log-likelihood per symbol (scaled
/// forward recursion). File format (<c>&lt;class&gt;.model</c>, JSON, doubles round-trip):
/// <c>{"formatVersion": 1, "family": "discrete-hmm", "class", "topology", "initial": […], "transitions": [[…]…],
/// "emissions": [[…]…]}</c>.
/// </summary>
public sealed class DiscreteHiddenMarkovModel : IClassModel
{
    public const int FormatVersion = 1;
    public const string Family = "discrete-hmm";

    [JsonConstructor]
    public DiscreteHiddenMarkovModel(string @class, string topology, double[] initial, double[][] transitions, double[][] emissions)
    {
        var states = initial.Length;
        if (states == 0 || transitions.Length != states || emissions.Length != states
            || transitions.Any(r => r.Length != states) || emissions.Any(r => r.Length == 0 || r.Length != emissions[0].Length))
            throw new ArgumentException("a discrete HMM needs N initial probabilities, an N x N transition matrix and N emission rows of one length");
        if (emissions.Any(r => r.Any(p => !(p > 0))))
            throw new ArgumentException("every emission probability must be positive (the model is smoothed)");
        Class = @class;
        Topology = topology;
        Initial = initial;
        Transitions = transitions;
        Emissions = emissions;
    }

    [JsonProperty("formatVersion", Order = 1)]
    private int SerializedFormatVersion => FormatVersion;

    [JsonProperty("family", Order = 2)]
    private string SerializedFamily => Family;

    [JsonProperty("class", Order = 3)]
    public string Class { get; }

    [JsonProperty("topology", Order = 4)]
    public string Topology { get; }

    [JsonProperty("initial", Order = 5)]
    public double[] Initial { get; }

    [JsonProperty("transitions", Order = 6)]
    public double[][] Transitions { get; }

    [JsonProperty("emissions", Order = 7)]
    public double[][] Emissions { get; }

    [JsonIgnore]
    public int States => Initial.Length;

    [JsonIgnore]
    public int Alphabet => Emissions[0].Length;

    /// <summary>
    /// Forward log-likelihood per symbol. A recording with no notes (nothing voiced) gets log(1 / alphabet), the
    /// same for every class, so it never favours one.
    /// </summary>
    public double Score(FeatureMatrix features)
    {
        var symbols = Symbols(features, Class, Alphabet);
        return symbols.Length == 0 ? -Math.Log(Alphabet) : LogLikelihood(symbols) / symbols.Length;
    }

    /// <summary>log P(symbols | model) by the scaled forward recursion: the sum of the logs of the scale factors.</summary>
    public double LogLikelihood(ReadOnlySpan<int> symbols)
    {
        var n = States;
        var alpha = new double[n];
        var next = new double[n];
        var logLikelihood = 0.0;
        for (var t = 0; t < symbols.Length; t++)
        {
            var scale = 0.0;
            for (var j = 0; j < n; j++)
            {
                double sum;
                if (t == 0) sum = Initial[j];
                else
                {
                    sum = 0.0;
                    for (var i = 0; i < n; i++) sum += alpha[i] * Transitions[i][j];
                }

                next[j] = sum * Emissions[j][symbols[t]];
                scale += next[j];
            }

            for (var j = 0; j < n; j++) alpha[j] = next[j] / scale;
            logLikelihood += Math.Log(scale);
        }

        return logLikelihood;
    }

    /// <summary>The symbols of a one-column feature matrix, each checked against the alphabet.</summary>
    internal static int[] Symbols(FeatureMatrix features, string @class, int alphabet)
    {
        if (features.Columns != 1 && features.Rows > 0)
            throw new WorkflowException(Invariant(
                $"The discrete-hmm model of class {@class} scores note symbols, but got features of {features.Columns} columns; set features.kind to \"pitch\" and rebuild."));
        var symbols = new int[features.Rows];
        for (var t = 0; t < symbols.Length; t++)
        {
            var value = features[t, 0];
            symbols[t] = (int)value;
            if (symbols[t] != value || symbols[t] < 0 || symbols[t] >= alphabet)
                throw new WorkflowException(Invariant(
                    $"The discrete-hmm model of class {@class} knows symbols 0…{alphabet - 1}, but got {value}; the features were made with other features.pitch settings: rebuild with one setting."));
        }

        return symbols;
    }
}
