using System.Globalization;

namespace Workflow.Features;

/// <summary>
/// The whole pitch path of one recording: YIN track, tonic (given, or <see cref="TonicEstimator"/>), notes
/// (<see cref="NoteQuantizer"/>).
/// </summary>
public sealed class PitchExtractor(PitchOptions options, int sampleRate)
{
    private readonly YinPitchTracker _tracker = new(options, sampleRate);

    public PitchOptions Options => options;

    /// <param name="tonic">The recording's tonic in Hz, or null to estimate it from the track.</param>
    public NoteSequence Extract(ReadOnlySpan<double> samples, double? tonic)
    {
        var track = _tracker.Track(samples);
        var used = tonic ?? TonicEstimator.Estimate(track.F0);
        var symbols = used is { } t ? NoteQuantizer.Quantize(track, t, options) : [];
        return new NoteSequence(symbols, options.Symbols, used ?? 0.0, tonic is not null, track.VoicedFraction, track.Frames);
    }

    /// <summary>The tonic in a <c>.tonic</c> sidecar file: one number, Hz, between 20 and 5000.</summary>
    public static double ReadTonic(string path, string displayName)
    {
        var text = File.ReadAllText(path).Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var hz) && hz is >= 20 and <= 5000
            ? hz
            : throw new WorkflowException(
                $"{displayName} must hold the recording's tonic in Hz, one number between 20 and 5000 (got '{(text.Length > 40 ? text[..40] + "…" : text)}'); fix it or delete it to estimate the tonic.");
    }
}
