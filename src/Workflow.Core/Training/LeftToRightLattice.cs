using System.Runtime.CompilerServices;

namespace Workflow.Training;

/// <summary>
/// Log-domain forward and backward passes of a left-to-right HMM that starts in state 0, moves only to itself or the
/// next state, and ends by leaving the last state. Emissions are <c>logB[t * states + j]</c>; a state's
/// <c>logLeave</c> is its move to the next state, or for the last state its exit.
/// </summary>
internal static class LeftToRightLattice
{
    /// <summary>log P(all frames); fills <paramref name="alpha"/> (frames × states) when given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Forward(ReadOnlySpan<double> logB, int frames, int states, double[] logStay, double[] logLeave, Span<double> alpha)
    {
        var previous = new double[states];
        var current = new double[states];
        Array.Fill(previous, double.NegativeInfinity);
        previous[0] = logB[0];
        if (!alpha.IsEmpty) previous.CopyTo(alpha);
        for (var t = 1; t < frames; t++)
        {
            for (var j = 0; j < states; j++)
            {
                var stay = previous[j] + logStay[j];
                var enter = j > 0 ? previous[j - 1] + logLeave[j - 1] : double.NegativeInfinity;
                current[j] = LogMath.Add(stay, enter) + logB[t * states + j];
            }
            if (!alpha.IsEmpty) current.CopyTo(alpha[(t * states)..]);
            (previous, current) = (current, previous);
        }
        return previous[states - 1] + logLeave[states - 1];
    }

    /// <summary>
    /// log P(all frames); fills <paramref name="alpha"/> (frames × states) and, for t ≥ 1, the shares of α_t(j) that came
    /// by staying in j and by entering from j − 1 (they add up to 1). α is computed exactly as by the other overload.
    /// Allocates nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Forward(
        ReadOnlySpan<double> logB, int frames, int states, double[] logStay, double[] logLeave,
        Span<double> alpha, Span<double> stayShare, Span<double> enterShare)
    {
        alpha[..states].Fill(double.NegativeInfinity);
        alpha[0] = logB[0];
        for (var t = 1; t < frames; t++)
        {
            var previous = alpha.Slice((t - 1) * states, states);
            var at = t * states;
            for (var j = 0; j < states; j++)
            {
                var stay = previous[j] + logStay[j];
                var enter = j > 0 ? previous[j - 1] + logLeave[j - 1] : double.NegativeInfinity;
                double sum, stayPart, enterPart;
                if (double.IsNegativeInfinity(enter)) (sum, stayPart, enterPart) = (stay, 1, 0);
                else if (double.IsNegativeInfinity(stay)) (sum, stayPart, enterPart) = (enter, 0, 1);
                else
                {
                    // LogMath.Add, keeping exp(smaller − larger) to split the sum between its two terms.
                    var ratio = stay > enter ? Math.Exp(enter - stay) : Math.Exp(stay - enter);
                    sum = (stay > enter ? stay : enter) + Math.Log(1 + ratio);
                    var larger = 1 / (1 + ratio);
                    var smaller = ratio / (1 + ratio);
                    (stayPart, enterPart) = stay > enter ? (larger, smaller) : (smaller, larger);
                }
                alpha[at + j] = sum + logB[at + j];
                stayShare[at + j] = stayPart;
                enterShare[at + j] = enterPart;
            }
        }
        var last = (frames - 1) * states + states - 1;
        return alpha[last] + logLeave[states - 1];
    }

    /// <summary>Fills <paramref name="beta"/> (frames × states): log P(frames after t | state j at t).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<double> logB, int frames, int states, double[] logStay, double[] logLeave, Span<double> beta)
    {
        var last = (frames - 1) * states;
        beta.Slice(last, states).Fill(double.NegativeInfinity);
        beta[last + states - 1] = logLeave[states - 1];
        for (var t = frames - 2; t >= 0; t--)
        {
            var here = t * states;
            var next = here + states;
            for (var i = 0; i < states; i++)
            {
                var stay = logStay[i] + logB[next + i] + beta[next + i];
                var move = i < states - 1 ? logLeave[i] + logB[next + i + 1] + beta[next + i + 1] : double.NegativeInfinity;
                beta[here + i] = LogMath.Add(stay, move);
            }
        }
    }
}
