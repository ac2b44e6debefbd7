namespace Workflow.Audio;

/// <summary>
/// Reads WAV files (RIFF/WAVE; integer PCM 8/16/24/32-bit, IEEE float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE,
/// any channel count) into a mono <see cref="AudioClip"/>, optionally resampled.
/// Chunks other than <c>fmt </c> and <c>data</c> (LIST, fact, cue, ...) are skipped, honouring the pad byte of
/// odd-sized chunks. Any problem with the bytes is a <see cref="WorkflowException"/> that names the file and the fix.
/// </summary>
public static class WavReader
{
    /// <param name="path">The file; also its name in error messages.</param>
    /// <param name="targetSampleRate">When set and different from the file's rate, the clip is resampled to it.</param>
    public static AudioClip Read(string path, int? targetSampleRate = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WorkflowException($"{path} does not exist; check the path or fetch the data again.", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkflowException($"{path} could not be read ({e.Message}); check that it is a readable file.", inner: e);
        }

        return Decode(bytes, path, targetSampleRate);
    }

    /// <param name="stream">Read to its end; not closed.</param>
    /// <param name="displayName">How error messages name the source, e.g. a path inside an archive.</param>
    /// <param name="targetSampleRate">When set and different from the file's rate, the clip is resampled to it.</param>
    public static AudioClip Read(Stream stream, string displayName, int? targetSampleRate = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(displayName);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), displayName, targetSampleRate);
    }

    private static AudioClip Decode(ReadOnlySpan<byte> bytes, string name, int? targetSampleRate)
    {
        if (targetSampleRate is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetSampleRate), targetSampleRate, "must be positive");
        }

        var layout = WavParser.Parse(bytes, name);
        var samples = WavSampleDecoder.DecodeMono(bytes[layout.DataOffset..], layout.Format, layout.FrameCount);
        var rate = layout.Format.SampleRate;
        if (targetSampleRate is { } target && target != rate)
        {
            return new AudioClip(Resampler.Resample(samples, rate, target), target);
        }

        return new AudioClip(samples, rate);
    }
}
