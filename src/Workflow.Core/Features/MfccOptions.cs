using static System.FormattableString;

namespace Workflow.Features;

/// <summary>
/// MFCC settings. The defaults are exactly those of the reference implementation (shared/reference/mfcc_ref.py), so
/// a default extractor reproduces its output; the extras at the end (deltas, CMVN, silence trimming) are not in the
/// reference and default to off for that reason. Setting names in messages are the config keys ("features.nMels").
/// </summary>
public sealed record MfccOptions
{
    public const int MaxMels = 512;
    public const int MaxFftSize = 65536;
    public const string MfccKind = "mfcc";
    public const string PitchKind = "pitch";

    /// <summary>
    /// <c>"mfcc"</c> (every setting below but <see cref="Pitch"/>) or <c>"pitch"</c> (note symbols from
    /// <see cref="Pitch"/> alone). Left out of the settings' JSON when it is <c>"mfcc"</c>, so MFCC keys are what they were.
    /// </summary>
    public string Kind { get; init; } = MfccKind;

    /// <summary><c>features.pitch</c>: the YIN tracker and note quantisation, used when <see cref="Kind"/> is <c>"pitch"</c>.</summary>
    public PitchOptions Pitch { get; init; } = new();

    public bool ShouldSerializeKind() => Kind != MfccKind;

    public bool ShouldSerializePitch() => Kind != MfccKind;

    [Newtonsoft.Json.JsonIgnore]
    public bool IsPitch => Kind == PitchKind;

    /// <summary>Pre-emphasis coefficient a in y[n] = x[n] - a x[n-1]; 0 disables.</summary>
    public double Preemph { get; init; } = 0.97;

    /// <summary>Subtract the mean of the whole signal before pre-emphasis.</summary>
    public bool RemoveDc { get; init; }

    public double FrameMs { get; init; } = 25.0;

    public double HopMs { get; init; } = 10.0;

    /// <summary>Keep a zero-padded last partial frame instead of dropping it.</summary>
    public bool PadEnd { get; init; }

    /// <summary>"hamming", "hann" or "rect".</summary>
    public string Window { get; init; } = "hamming";

    /// <summary>Periodic (denominator L) rather than symmetric (L - 1) window.</summary>
    public bool Periodic { get; init; }

    /// <summary>FFT size, a power of two at least the frame length; null means the smallest such.</summary>
    public int? Nfft { get; init; }

    /// <summary>Use |X| rather than |X|^2.</summary>
    public bool Magnitude { get; init; }

    /// <summary>"none" or "nfft" (divide the power spectrum by the FFT size).</summary>
    public string PowerNorm { get; init; } = "none";

    public int NMels { get; init; } = 26;

    public double Fmin { get; init; }

    /// <summary>Upper edge of the filterbank in Hz; null means half the sample rate.</summary>
    public double? Fmax { get; init; }

    /// <summary>"none" (peak 1) or "slaney" (area-normalised triangles).</summary>
    public string FbNorm { get; init; } = "none";

    /// <summary>Mel energies are floored to this before the natural log.</summary>
    public double LogFloor { get; init; } = 1e-10;

    /// <summary>
    /// Mel energies are also floored at this many dB below the utterance's loudest (frame, filter) energy before the
    /// log; null: only <see cref="LogFloor"/>. Gives every recording the same noise floor relative to its speech.
    /// </summary>
    public double? DynamicRangeDb { get; init; }

    /// <summary>
    /// Subtract each utterance's background, the mean mel energies of its quietest frames, before the floors and the
    /// log (<see cref="Features.SpectralSubtraction"/>); null: none. Left out of the settings' JSON when null, so keys
    /// without it are what they were.
    /// </summary>
    public SpectralSubtractionOptions? SpectralSubtraction { get; init; }

    public bool ShouldSerializeSpectralSubtraction() => SpectralSubtraction is not null;

    /// <summary>Cepstral coefficients kept, c0 included.</summary>
    public int NMfcc { get; init; } = 13;

    /// <summary>HTK cepstral lifter Q; 0 disables.</summary>
    public double Lifter { get; init; }

    /// <summary>Append deltas and delta-deltas (HTK regression, window 2), tripling the columns.</summary>
    public bool Deltas { get; init; }

    /// <summary>Per-utterance mean and variance normalisation of every column (after deltas).</summary>
    public bool Cmvn { get; init; }

    /// <summary>Drop leading and trailing frames quieter than <see cref="TrimThresholdDb"/> below the loudest.</summary>
    public bool TrimSilence { get; init; }

    public double TrimThresholdDb { get; init; } = 30.0;

    /// <summary>Frame length in samples at <paramref name="sampleRate"/>, rounded to nearest (half to even, as Python's round).</summary>
    public int FrameLength(int sampleRate) => (int)Math.Round(FrameMs * sampleRate / 1000.0, MidpointRounding.ToEven);

    public int HopLength(int sampleRate) => (int)Math.Round(HopMs * sampleRate / 1000.0, MidpointRounding.ToEven);

    /// <summary>The FFT size used: <see cref="Nfft"/>, or the smallest power of two at least the frame length.</summary>
    public int FftSize(int sampleRate) => Nfft ?? (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)FrameLength(sampleRate));

    /// <summary>Throws a <see cref="WorkflowException"/> naming the first setting that cannot work at this rate.</summary>
    public void Validate(int sampleRate)
    {
        if (sampleRate <= 0)
        {
            throw new WorkflowException(Invariant($"The sample rate must be positive to compute features (got {sampleRate})."));
        }

        RequireOneOf("kind", Kind, MfccKind, PitchKind);
        if (IsPitch) Pitch.Validate(sampleRate);
        Require(Preemph is >= 0.0 and <= 1.0, Invariant($"features.preemph must be between 0 and 1 (got {Preemph})"));
        Require(FrameMs > 0.0 && FrameMs <= 1000.0, Invariant($"features.frameMs must be between 0 and 1000 (got {FrameMs})"));
        Require(HopMs > 0.0 && HopMs <= 1000.0, Invariant($"features.hopMs must be between 0 and 1000 (got {HopMs})"));
        Require(FrameLength(sampleRate) >= 2, Invariant(
            $"features.frameMs = {FrameMs} gives a frame of {FrameLength(sampleRate)} samples at {sampleRate} Hz; use a frame of at least 2 samples"));
        Require(HopLength(sampleRate) >= 1, Invariant(
            $"features.hopMs = {HopMs} gives a hop of 0 samples at {sampleRate} Hz; use a hop of at least 1 sample"));
        RequireOneOf("window", Window, "hamming", "hann", "rect");
        if (Nfft is { } nfft)
        {
            Require(nfft > 0 && nfft <= MaxFftSize && (nfft & (nfft - 1)) == 0,
                Invariant($"features.nfft must be a power of two up to {MaxFftSize}, or unset for automatic (got {nfft})"));
            Require(nfft >= FrameLength(sampleRate), Invariant(
                $"features.nfft must be at least the frame length of {FrameLength(sampleRate)} samples (got {nfft})"));
        }

        Require(FftSize(sampleRate) <= MaxFftSize, Invariant(
            $"features.frameMs = {FrameMs} needs an FFT of {FftSize(sampleRate)} points at {sampleRate} Hz, more than {MaxFftSize}; use a shorter frame"));
        RequireOneOf("powerNorm", PowerNorm, "none", "nfft");
        Require(NMels is >= 1 and <= MaxMels, Invariant($"features.nMels must be between 1 and {MaxMels} (got {NMels})"));
        var nyquist = sampleRate / 2.0;
        Require(Fmax is null || (Fmax > 0.0 && Fmax <= nyquist), Invariant(
            $"features.fmax must be above 0 and at most half the sample rate, {nyquist} Hz (got {Fmax})"));
        var top = Fmax ?? nyquist;
        Require(Fmin >= 0.0 && Fmin < top, Invariant($"features.fmin must be at least 0 and below fmax = {top} Hz (got {Fmin})"));
        RequireOneOf("fbNorm", FbNorm, "none", "slaney");
        Require(LogFloor > 0.0 && double.IsFinite(LogFloor), Invariant($"features.logFloor must be greater than 0 (got {LogFloor})"));
        Require(DynamicRangeDb is null || (DynamicRangeDb > 0.0 && DynamicRangeDb <= 200.0), Invariant(
            $"features.dynamicRangeDb must be between 0 and 200, or null for none (got {DynamicRangeDb})"));
        SpectralSubtraction?.Validate();
        Require(NMfcc >= 1 && NMfcc <= NMels, Invariant($"features.nMfcc must be between 1 and nMels = {NMels} (got {NMfcc})"));
        Require(Lifter >= 0.0 && double.IsFinite(Lifter), Invariant($"features.lifter must be 0 (off) or positive (got {Lifter})"));
        Require(TrimThresholdDb > 0.0 && TrimThresholdDb <= 200.0, Invariant(
            $"features.trimThresholdDb must be between 0 and 200 (got {TrimThresholdDb})"));
    }

    private static void RequireOneOf(string setting, string value, params string[] allowed)
    {
        Require(allowed.Contains(value, StringComparer.Ordinal),
            $"features.{setting} must be one of {string.Join(", ", allowed.Select(a => $"'{a}'"))} (got '{value}')");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new WorkflowException(message + ".");
        }
    }
}
