namespace Workflow.Audio;

/// <summary>The layout of a WAV file's samples, as declared by its <c>fmt </c> chunk.</summary>
public sealed record WavFormat(WavSampleFormat SampleFormat, int Channels, int SampleRate)
{
    public const ushort PcmCode = 0x0001;
    public const ushort IeeeFloatCode = 0x0003;
    public const ushort ExtensibleCode = 0xFFFE;

    /// <summary>Bytes per sample of one channel.</summary>
    public int BytesPerSample => SampleFormat switch
    {
        WavSampleFormat.Pcm8 => 1,
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Pcm24 => 3,
        WavSampleFormat.Pcm32 or WavSampleFormat.Float32 => 4,
        WavSampleFormat.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(SampleFormat), SampleFormat, null),
    };

    /// <summary>Bytes per frame: one sample for every channel (the fmt chunk's block align).</summary>
    public int BlockAlign => BytesPerSample * Channels;

    public bool IsFloat => SampleFormat is WavSampleFormat.Float32 or WavSampleFormat.Float64;

    /// <summary>The format code a plain (non-extensible) fmt chunk carries for this layout.</summary>
    public ushort FormatCode => IsFloat ? IeeeFloatCode : PcmCode;
}
