namespace Workflow.Audio;

/// <summary>The <c>audio</c> section of the config: how recordings are read before feature extraction.</summary>
public sealed record AudioOptions
{
    /// <summary>Every recording is resampled to this rate (Hz) first, so features are comparable across files.</summary>
    public int SampleRate { get; init; } = 8000;

    public void Validate()
    {
        if (SampleRate is < 1000 or > 384000)
            throw new WorkflowException(
                $"audio.sampleRate must be between 1000 and 384000 Hz (got {SampleRate}); 8000 suits speech.");
    }
}
