using System.Runtime.CompilerServices;

namespace Workflow.Features;

/// <summary>
/// The log floor of one utterance under <see cref="MfccOptions.DynamicRangeDb"/>: its loudest mel energy (over every
/// frame and filter) times 10^(-dB/10), and never below the absolute <see cref="MfccOptions.LogFloor"/>. Recordings
/// differ most in what lies under their speech: one has a hiss 20 dB down, another near-silence 50 dB down. Flooring
/// each at the same distance below its own peak gives every recording the same floor, so a model trained on quiet
/// rooms no longer reads a noisy room's hiss as sounds it never heard (bench/accuracy.sh: held-out speakers).
/// </summary>
internal static class DynamicRangeFloor
{
    /// <summary>The factor 10^(-dB/10) the peak is multiplied by; the ONNX graph uses this same constant.</summary>
    public static double Ratio(double dynamicRangeDb) => Math.Pow(10.0, -dynamicRangeDb / 10.0);

    /// <summary>max(peak × <see cref="Ratio"/>, logFloor) with peak the largest of <paramref name="energies"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Of(ReadOnlySpan<double> energies, double dynamicRangeDb, double logFloor)
    {
        var peak = 0.0;
        foreach (var e in energies)
        {
            peak = Math.Max(peak, e);
        }

        return Math.Max(peak * Ratio(dynamicRangeDb), logFloor);
    }
}
