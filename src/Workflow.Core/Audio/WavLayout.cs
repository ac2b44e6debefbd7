namespace Workflow.Audio;

/// <summary>Where a parsed WAV file's samples are: its format and the byte range of whole frames in the data chunk.</summary>
internal sealed record WavLayout(WavFormat Format, int DataOffset, int FrameCount);
