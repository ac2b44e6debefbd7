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

    /// <summary>
    /// Forward-backward with probabilities scaled frame by frame instead of logarithms (Rabiner 1989, V.A): no
    /// exponential or logarithm per state and frame. <paramref name="emissions"/>[t · states + j] is b_j(x_t) divided by
    /// e^<paramref name="shift"/>[t]; <paramref name="stay"/> and <paramref name="leave"/> are the transition
    /// probabilities. Fills every state's occupancy γ_t(j) of every frame (they sum to 1 per frame) and, for t ≥ 1, the
    /// shares of staying and entering as <see cref="Forward(ReadOnlySpan{double}, int, int, double[], double[], Span{double}, Span{double}, Span{double})"/>
    /// does, and gives log P(all frames). Returns false when a frame's scaled probabilities underflow (all 0) or are
    /// not finite: then nothing it wrote may be used, and the log-domain passes must be.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool ScaledOccupancies(
        ReadOnlySpan<double> emissions, ReadOnlySpan<double> shift, int frames, int states, double[] stay, double[] leave,
        Span<double> alpha, Span<double> beta, Span<double> gamma, Span<double> stayShare, Span<double> enterShare, out double logP)
    {
        logP = ScaledForward(emissions, shift, frames, states, stay, leave, alpha, stayShare, enterShare);
        if (double.IsNaN(logP)) return false;
        // Backward, each frame scaled to sum 1 (a constant per frame, which the occupancies' normalisation removes).
        var last = (frames - 1) * states;
        beta.Slice(last, states).Clear();
        beta[last + states - 1] = 1;
        for (var t = frames - 2; t >= 0; t--)
        {
            var (here, next) = (t * states, (t + 1) * states);
            var total = 0.0;
            for (var i = 0; i < states; i++)
            {
                var value = stay[i] * emissions[next + i] * beta[next + i];
                if (i < states - 1) value += leave[i] * emissions[next + i + 1] * beta[next + i + 1];
                beta[here + i] = value;
                total += value;
            }
            if (!(total > 0) || double.IsInfinity(total)) return false;
            var scale = 1 / total;
            for (var i = 0; i < states; i++) beta[here + i] *= scale;
        }
        // γ_t(j) ∝ α̂_t(j) β̂_t(j): the per-frame constants cancel when each frame is made to sum to 1.
        for (var t = 0; t < frames; t++)
        {
            var at = t * states;
            var total = 0.0;
            for (var j = 0; j < states; j++)
            {
                var value = alpha[at + j] * beta[at + j];
                gamma[at + j] = value;
                total += value;
            }
            if (!(total > 0) || double.IsInfinity(total)) return false;
            var scale = 1 / total;
            for (var j = 0; j < states; j++) gamma[at + j] *= scale;
        }
        return true;
    }

    /// <summary>
    /// The forward pass of <see cref="ScaledOccupancies"/>: log P(all frames), or NaN when a frame's scaled probabilities
    /// underflow (all 0) or are not finite. Fills <paramref name="alpha"/> (each frame summing to 1) and, unless they
    /// are empty, the shares of staying and entering for t ≥ 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ScaledForward(
        ReadOnlySpan<double> emissions, ReadOnlySpan<double> shift, int frames, int states, double[] stay, double[] leave,
        Span<double> alpha, Span<double> stayShare, Span<double> enterShare)
    {
        // α̂_t = α_t / Π c, each frame summing to 1; log P = Σ (log c_t + shift_t) + log(α̂_T−1(last) · leave).
        if (!(emissions[0] > 0) || double.IsInfinity(emissions[0])) return double.NaN;
        var shares = !stayShare.IsEmpty;
        alpha[..states].Clear();
        alpha[0] = 1;
        var logScale = Math.Log(emissions[0]) + shift[0];
        for (var t = 1; t < frames; t++)
        {
            var (previous, at) = ((t - 1) * states, t * states);
            var total = 0.0;
            for (var j = 0; j < states; j++)
            {
                var staying = alpha[previous + j] * stay[j];
                var entering = j > 0 ? alpha[previous + j - 1] * leave[j - 1] : 0;
                var arriving = staying + entering;
                if (shares) (stayShare[at + j], enterShare[at + j]) = arriving > 0 ? (staying / arriving, entering / arriving) : (1, 0);
                var value = arriving * emissions[at + j];
                alpha[at + j] = value;
                total += value;
            }
            if (!(total > 0) || double.IsInfinity(total)) return double.NaN;
            var scale = 1 / total;
            for (var j = 0; j < states; j++) alpha[at + j] *= scale;
            logScale += Math.Log(total) + shift[t];
        }
        var end = alpha[(frames - 1) * states + states - 1] * leave[states - 1];
        return end > 0 ? logScale + Math.Log(end) : double.NaN;
    }
}
