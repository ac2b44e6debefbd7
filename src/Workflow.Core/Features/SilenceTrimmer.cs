namespace Workflow.Features;

/// <summary>
/// Finds the part of a signal between its first and last frame whose energy is within a threshold of the loudest
/// frame's. Energies are taken on the signal minus its mean, so a DC offset does not count as sound. Frames use the
/// same length and hop as the MFCC, which keeps the trimmed signal aligned with the frame grid. Never returns an empty
/// range: the loudest frame always survives, and an all-zero or too-short signal is kept whole.
/// </summary>
internal static class SilenceTrimmer
{
    /// <summary>Returns (start, length) of the part to keep.</summary>
    public static (int Start, int Length) Find(ReadOnlySpan<double> signal, int frameLength, int hop, double thresholdDb)
    {
        if (signal.Length <= frameLength)
        {
            return (0, signal.Length);
        }

        var mean = 0.0;
        foreach (var x in signal)
        {
            mean += x;
        }

        mean /= signal.Length;
        var frames = 1 + (signal.Length - frameLength) / hop;
        var energies = new double[frames];
        var loudest = 0.0;
        for (var f = 0; f < frames; f++)
        {
            var energy = 0.0;
            foreach (var x in signal.Slice(f * hop, frameLength))
            {
                energy += (x - mean) * (x - mean);
            }

            energies[f] = energy;
            loudest = Math.Max(loudest, energy);
        }

        if (loudest <= 0.0)
        {
            return (0, signal.Length);
        }

        var floor = loudest * Math.Pow(10.0, -thresholdDb / 10.0);
        var first = Array.FindIndex(energies, e => e >= floor);
        var last = Array.FindLastIndex(energies, e => e >= floor);
        var start = first * hop;
        // The last loud frame keeps its full length; a trailing partial frame after it is kept only if loud frames end the signal.
        var end = last == frames - 1 ? signal.Length : last * hop + frameLength;
        return (start, end - start);
    }
}
