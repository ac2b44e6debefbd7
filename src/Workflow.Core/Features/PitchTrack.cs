namespace Workflow.Features;

/// <summary>
/// f0 per frame, Hz; an unvoiced frame holds <see cref="double.NaN"/> (marked, never guessed from its neighbours).
/// <paramref name="Hop"/> is the frame step in seconds.
/// </summary>
public sealed record PitchTrack(double[] F0, double Hop)
{
    public static bool IsVoiced(double f0) => !double.IsNaN(f0);

    public int Frames => F0.Length;

    public int VoicedFrames => F0.Count(IsVoiced);

    public double VoicedFraction => Frames == 0 ? 0.0 : (double)VoicedFrames / Frames;
}
