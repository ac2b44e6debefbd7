using static System.FormattableString;

namespace Workflow.Features;

/// <summary>
/// <c>features.pitch</c>: the YIN pitch tracker and how its voiced f0 becomes note symbols relative to a tonic. Used
/// when <c>features.kind</c> is <c>"pitch"</c>. Setting names in messages are the config keys.
/// </summary>
public sealed record PitchOptions
{
    public static readonly int[] AllowedBins = [12, 24, 36];

    /// <summary>Octaves kept when <see cref="Fold"/> is false: the one below the tonic, the tonic's, the one above.</summary>
    public const int KeptOctaves = 3;

    /// <summary>Lowest f0 searched, Hz: sets the longest lag, so a frame must hold two of its periods.</summary>
    public double Fmin { get; init; } = 60.0;

    /// <summary>Highest f0 searched, Hz.</summary>
    public double Fmax { get; init; } = 1000.0;

    /// <summary>YIN's absolute threshold on the cumulative mean normalised difference; no dip below it = unvoiced.</summary>
    public double Threshold { get; init; } = 0.15;

    /// <summary>A frame this many dB quieter than the recording's loudest is unvoiced whatever its periodicity.</summary>
    public double SilenceDb { get; init; } = 40.0;

    public double FrameMs { get; init; } = 40.0;

    public double HopMs { get; init; } = 10.0;

    /// <summary>Note bins per octave: 12 (semitones), 24 or 36.</summary>
    public int Bins { get; init; } = 12;

    /// <summary>Fold every octave onto one (<see cref="Bins"/> symbols), else keep <see cref="KeptOctaves"/> octaves.</summary>
    public bool Fold { get; init; } = true;

    /// <summary>A run of one note shorter than this is merged into the note before it (glides, vibrato edges).</summary>
    public double MinNoteMs { get; init; } = 60.0;

    /// <summary>
    /// A CSV file (workspace-relative, columns <c>file</c> and <c>tonic</c>) giving recordings' tonics in Hz
    /// (<see cref="TonicTable"/>); null: sidecars and estimates only. Not part of a key itself: each recording's row is.
    /// </summary>
    public string? Tonics { get; init; }

    /// <summary>The number of distinct symbols a note sequence uses.</summary>
    [Newtonsoft.Json.JsonIgnore]
    public int Symbols => Fold ? Bins : KeptOctaves * Bins;

    public int FrameLength(int sampleRate) => (int)Math.Round(FrameMs * sampleRate / 1000.0, MidpointRounding.ToEven);

    public int HopLength(int sampleRate) => (int)Math.Round(HopMs * sampleRate / 1000.0, MidpointRounding.ToEven);

    /// <summary>The longest lag searched, in samples (the period of <see cref="Fmin"/>, rounded up, plus one for interpolation).</summary>
    public int MaxLag(int sampleRate) => (int)Math.Ceiling(sampleRate / Fmin) + 1;

    /// <summary>The shortest lag searched (the period of <see cref="Fmax"/>, rounded down, at least 2).</summary>
    public int MinLag(int sampleRate) => Math.Max(2, (int)Math.Floor(sampleRate / Fmax));

    public void Validate(int sampleRate)
    {
        var nyquist = sampleRate / 2.0;
        Require(Fmin >= 20.0, Invariant($"features.pitch.fmin must be at least 20 Hz (got {Fmin})"));
        Require(Fmax > Fmin && Fmax <= nyquist / 2, Invariant(
            $"features.pitch.fmax must be above fmin = {Fmin} Hz and at most a quarter of the sample rate, {nyquist / 2} Hz (got {Fmax})"));
        Require(Threshold > 0.0 && Threshold < 1.0, Invariant($"features.pitch.threshold must be between 0 and 1, exclusive (got {Threshold})"));
        Require(SilenceDb > 0.0 && SilenceDb <= 200.0, Invariant($"features.pitch.silenceDb must be between 0 and 200 (got {SilenceDb})"));
        Require(HopMs > 0.0 && HopLength(sampleRate) >= 1, Invariant($"features.pitch.hopMs must give a hop of at least 1 sample (got {HopMs})"));
        Require(FrameMs <= 1000.0 && FrameLength(sampleRate) >= 2 * MaxLag(sampleRate), Invariant(
            $"features.pitch.frameMs = {FrameMs} is too short for fmin = {Fmin} Hz: a frame must hold two periods, at least {Math.Ceiling(2000.0 * MaxLag(sampleRate) / sampleRate)} ms"));
        Require(AllowedBins.Contains(Bins), Invariant($"features.pitch.bins must be 12, 24 or 36 (got {Bins})"));
        Require(MinNoteMs >= 0.0 && MinNoteMs <= 10000.0, Invariant($"features.pitch.minNoteMs must be between 0 and 10000 (got {MinNoteMs})"));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new WorkflowException(message + ".");
    }
}
