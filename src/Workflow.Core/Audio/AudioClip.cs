namespace Workflow.Audio;

/// <summary>
/// Mono audio as double-precision samples, nominally in [-1, 1), at a known sample rate.
/// Multi-channel files are mixed down when read, because every feature downstream works on one channel.
/// </summary>
public sealed class AudioClip
{
    private readonly double[] samples;

    /// <summary>Wraps <paramref name="samples"/> without copying; the caller gives up ownership of the array.</summary>
    public AudioClip(double[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        this.samples = samples;
        SampleRate = sampleRate;
    }

    public ReadOnlySpan<double> Samples => samples;

    public int SampleRate { get; }

    public int Length => samples.Length;

    public double DurationSeconds => (double)samples.Length / SampleRate;
}
