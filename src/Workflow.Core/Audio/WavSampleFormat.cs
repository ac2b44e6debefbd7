namespace Workflow.Audio;

/// <summary>How one sample of one channel is stored in a WAV data chunk.</summary>
public enum WavSampleFormat
{
    /// <summary>8-bit unsigned integer, 128 is silence.</summary>
    Pcm8,

    /// <summary>16-bit signed little-endian integer.</summary>
    Pcm16,

    /// <summary>24-bit signed little-endian integer (3 bytes).</summary>
    Pcm24,

    /// <summary>32-bit signed little-endian integer.</summary>
    Pcm32,

    /// <summary>32-bit IEEE float.</summary>
    Float32,

    /// <summary>64-bit IEEE float.</summary>
    Float64,
}
