using static System.FormattableString;

namespace Workflow.Features;

/// <summary>
/// <c>features.spectralSubtraction</c>: each utterance's background, estimated from its own quietest frames, is
/// subtracted from every frame's mel energies before the log (see <see cref="SpectralSubtraction"/>). Setting names in
/// messages are the config keys.
/// </summary>
public sealed record SpectralSubtractionOptions
{
    /// <summary>The fraction of an utterance's frames, the quietest, whose mean mel energies are its background.</summary>
    public double QuietFraction { get; init; } = 0.2;

    /// <summary>How many times the background is subtracted (1: once; above 1 over-subtracts).</summary>
    public double Factor { get; init; } = 1.0;

    /// <summary>What subtraction leaves at least: this fraction of the energy before it (0.1 = 10 dB down).</summary>
    public double Floor { get; init; } = 0.1;

    public void Validate()
    {
        Require(QuietFraction > 0.0 && QuietFraction <= 1.0, Invariant(
            $"features.spectralSubtraction.quietFraction must be above 0 and at most 1 (got {QuietFraction})"));
        Require(Factor >= 0.0 && Factor <= 10.0, Invariant(
            $"features.spectralSubtraction.factor must be between 0 and 10 (got {Factor})"));
        Require(Floor > 0.0 && Floor <= 1.0, Invariant(
            $"features.spectralSubtraction.floor must be above 0 and at most 1 (got {Floor})"));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new WorkflowException(message + ".");
    }
}
