namespace Workflow.Audio;

/// <summary>The <c>audio</c> section of the config: how recordings are read before feature extraction.</summary>
public sealed record AudioOptions
{
    /// <summary>Every recording is resampled to this rate (Hz) first, so features are comparable across files.</summary>
    public int SampleRate { get; init; } = 8000;

    /// <summary>
    /// <c>fail</c>: a recording that cannot be read stops the build before training, listing every such file.
    /// <c>skip</c>: such recordings are left out of training and evaluation, each one reported.
    /// </summary>
    public string OnBadFile { get; init; } = "fail";

    /// <summary>
    /// <c>none</c>, or <c>silero</c>: trim leading and trailing non-speech with the Silero VAD model listed under
    /// <c>pretrained</c> as <c>silero-vad</c> before feature extraction (needs a sample rate of 8000 or 16000).
    /// </summary>
    public string Vad { get; init; } = "none";

    public void Validate()
    {
        if (SampleRate is < 1000 or > 384000)
            throw new WorkflowException(
                $"audio.sampleRate must be between 1000 and 384000 Hz (got {SampleRate}); 8000 suits speech.");
        if (Vad is not ("none" or "silero"))
            throw new WorkflowException($"audio.vad must be \"none\" or \"silero\" (got \"{Vad}\").");
        if (Vad == "silero" && SampleRate is not (8000 or 16000))
            throw new WorkflowException($"audio.vad \"silero\" needs audio.sampleRate 8000 or 16000 (got {SampleRate}).");
        if (OnBadFile is not ("fail" or "skip"))
            throw new WorkflowException($"audio.onBadFile must be \"fail\" or \"skip\" (got \"{OnBadFile}\").");
    }
}
