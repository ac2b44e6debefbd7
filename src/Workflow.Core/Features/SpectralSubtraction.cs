using System.Buffers;
using System.Runtime.CompilerServices;

namespace Workflow.Features;

/// <summary>
/// Per-utterance spectral subtraction on mel energies, under <see cref="MfccOptions.SpectralSubtraction"/>. The
/// utterance's background N[b] is the mean energy of filter b over its quietest frames: the
/// max(1, ⌊frames × quietFraction⌋) frames with the smallest Σ_b ln(max(E[t, b], logFloor)), ties to the earlier
/// frame. Then E[t, b] becomes max(E[t, b] − factor × N[b], floor × E[t, b]). A recording with a steady hiss (one
/// speaker of the bundled data has one ~18 dB under his speech, loudest at 3–4 kHz) loses it where the others, nearly
/// silent between words, lose almost nothing: bench/accuracy.sh, held-out speakers. The ONNX graph computes the same
/// with TopK (which also puts the lower index first among equals), Gather and ReduceMean.
/// </summary>
internal static class SpectralSubtraction
{
    /// <summary>How many frames the background is the mean of.</summary>
    public static int QuietFrames(int frames, double quietFraction) => Math.Max(1, (int)Math.Floor(frames * quietFraction));

    /// <summary>Subtracts the background of <paramref name="energies"/> (frames × filters, row-major) in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Span<double> energies, int frames, int filters, SpectralSubtractionOptions options, double logFloor)
    {
        // Per recording of a 100,000-file build: on the stack, or lent by the pool for a long recording.
        const int OnStack = 1024;
        var rented = frames > OnStack ? ArrayPool<(double Loudness, int Frame)>.Shared.Rent(frames) : null;
        var order = rented is null ? stackalloc (double Loudness, int Frame)[frames] : rented.AsSpan(0, frames);
        for (var t = 0; t < frames; t++)
        {
            var sum = 0.0;
            foreach (var e in energies.Slice(t * filters, filters))
            {
                sum += Math.Log(Math.Max(e, logFloor));
            }

            order[t] = (sum, t);
        }

        // By loudness, then time: what a stable sort by loudness gives, so of equal frames the earlier one is taken.
        order.Sort();
        var quiet = QuietFrames(frames, options.QuietFraction);
        var background = filters <= OnStack ? stackalloc double[filters] : new double[filters];
        background.Clear();
        for (var i = 0; i < quiet; i++)
        {
            var row = energies.Slice(order[i].Frame * filters, filters);
            for (var b = 0; b < filters; b++)
            {
                background[b] += row[b];
            }
        }

        for (var b = 0; b < filters; b++)
        {
            background[b] = options.Factor * (background[b] / quiet);
        }

        for (var t = 0; t < frames; t++)
        {
            var row = energies.Slice(t * filters, filters);
            for (var b = 0; b < filters; b++)
            {
                row[b] = Math.Max(row[b] - background[b], options.Floor * row[b]);
            }
        }

        if (rented is not null)
        {
            ArrayPool<(double Loudness, int Frame)>.Shared.Return(rented);
        }
    }
}
