using Workflow.Training;

namespace Workflow.Onnx;

/// <summary>
/// <see cref="HiddenMarkovModel"/> as a graph, K classes padded to S = the most states of any class:
/// <code>
///   emission[t, k, j]  every state's mixture log-likelihood, all classes and states in one MatMul (OnnxMixtures)
///   alpha_0[k, j]      emission[0, k, j] + (0 for j = 0, else LogZero): every path starts in state 0
///   alpha_t[k, j]      logsumexp_i(alpha_t-1[k, i] + logA[k, i, j]) + emission[t, k, j], in a Loop over t ≥ 1;
///                      logA holds log(stay) on the diagonal, log(leave) just above it, LogZero elsewhere
///   forward[k]         (alpha_T-1[k, last] + log(leave last)) / T: the utterance ends by leaving the last state
///   fallback[k]        mean over t of max_j emission[t, k, j], the native score when T &lt; the class's states
/// </code>
/// and the score is fallback where T is below the class's state count, forward elsewhere. A class's padding states
/// are unreachable (LogZero transitions into them) and have LogZero emissions, so they change neither path.
/// </summary>
public sealed class HiddenMarkovOnnxScorer : IOnnxScorer
{
    private const double LogZero = OnnxMixtures.LogZero;

    public string Family => HiddenMarkovModel.Family;

    public string Append(GraphBuilder g, string features, int columns, IReadOnlyList<IClassModel> models)
    {
        var hmms = OnnxScorers.Expect<HiddenMarkovModel>(models, Family, m => m.States[0].Dimensions, columns);
        var classes = hmms.Count;
        var states = hmms.Max(m => m.States.Length);
        var groups = hmms.SelectMany(m => Enumerable.Range(0, states).Select(j => j < m.States.Length ? m.States[j] : null)).ToArray();
        var emissions = g.Op("Reshape", "emissions",
            [OnnxMixtures.AppendLogLikelihoods(g, features, columns, groups, "state_log_likelihood"), g.Int64s("shape", 0, classes, states)]); // [T, K, S]

        var frames = g.Op("Shape", "frame_count", [features], OnnxAttribute.Int("start", 0), OnnxAttribute.Int("end", 1)); // int64 [1]
        var forward = Forward(g, emissions, frames, hmms, states);
        var fallback = g.ReduceMean(g.Reduce("ReduceMax", emissions, [2], keepDims: false, "best_state"), [0], keepDims: false, "best_state_mean");
        var tooShort = g.Op("Less", "fewer_frames_than_states",
            [frames, g.Int64Tensor("state_counts", hmms.Select(m => (long)m.States.Length).ToArray(), classes)]);
        var forwardScore = g.Op("Div", "forward_per_frame", [forward, g.ToCompute(frames, "frame_count_real")]);
        return g.Op("Where", "class_scores", [tooShort, fallback, forwardScore]);
    }

    /// <summary>[K] forward log-likelihoods, log P(all frames, then leaving the last state).</summary>
    private static string Forward(GraphBuilder g, string emissions, string frameCount, IReadOnlyList<HiddenMarkovModel> hmms, int states)
    {
        var classes = hmms.Count;
        var transitions = new double[classes * states * states];
        var start = new double[classes * states];
        var exit = new double[classes * states];
        Array.Fill(transitions, LogZero);
        Array.Fill(start, LogZero);
        Array.Fill(exit, LogZero);
        for (var k = 0; k < classes; k++)
        {
            var loops = hmms[k].SelfLoops;
            var n = loops.Length;
            start[k * states] = 0;
            for (var i = 0; i < n; i++)
            {
                // As HiddenMarkovModel takes them; a self-loop of 0 gives log 0 = -∞, held as LogZero.
                transitions[(k * states + i) * states + i] = Math.Max(Math.Log(loops[i]), LogZero);
                if (i + 1 < n) transitions[(k * states + i) * states + i + 1] = Math.Log(1 - loops[i]);
            }

            exit[k * states + n - 1] = Math.Log(1 - loops[n - 1]);
        }

        var first = g.Squeeze(g.Slice(emissions, [0], [1], [0], "first_emission"), 0);
        var initial = g.Op("Add", "alpha_initial", [first, g.Constant("log_start", start, classes, states)]);
        var logA = g.Constant("log_transitions", transitions, classes, states, states);
        // A Loop, not a Scan: ONNX Runtime's Scan fails on an empty sequence, which a one-frame utterance gives.
        var steps = g.Squeeze(g.Op("Sub", "forward_steps", [frameCount, g.Int64s("one", 1)]), 0);

        var body = g.CreateSubgraph();
        var shape = new[] { OnnxDimension.Fixed(classes), OnnxDimension.Fixed(states) };
        var step = body.Input("forward_step_index", OnnxDataType.Int64);
        var condition = body.Input("forward_condition", OnnxDataType.Bool);
        var alpha = body.Input("alpha_in", g.ComputeType, shape);
        var emission = body.Op("Gather", "emission_t", [emissions, body.Op("Add", "frame_t", [step, body.Int64Scalar("one_step", 1)])],
            OnnxAttribute.Int("axis", 0)); // [K, S]
        var paths = body.Op("Add", "alpha_paths", [body.Unsqueeze(alpha, 2), logA]); // [K, S(from), S(to)]
        var next = body.Op("Add", "alpha_next",
            [body.Reduce("ReduceLogSumExp", paths, [1], keepDims: false, "alpha_reached"), emission]);
        body.Output(condition, "forward_condition_out", OnnxDataType.Bool);
        body.Output(next, "alpha_out", g.ComputeType, shape);

        var final = g.Op("Loop", [steps, "", initial], 1, "alpha_final",
            OnnxAttribute.Graph("body", body.Build("forward_step")))[0];
        var ending = g.Op("Add", "alpha_exit", [final, g.Constant("log_exit", exit, classes, states)]);
        return g.Reduce("ReduceLogSumExp", ending, [1], keepDims: false, "forward_log_likelihood");
    }
}
