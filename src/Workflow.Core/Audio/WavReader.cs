using System.Buffers;

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
        CheckTarget(targetSampleRate);
        var (bytes, length) = ReadFile(path);
        try
        {
            return Decode(bytes.AsSpan(0, length), path, targetSampleRate);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Reads <paramref name="path"/> exactly as <see cref="Read(string, int?)"/> does (same checks, same messages,
    /// the same samples to the bit) and passes the mono samples, at <paramref name="targetSampleRate"/>, to
    /// <paramref name="use"/>. The file's bytes and the samples live in pooled buffers that are reused once
    /// <paramref name="use"/> returns, so reading many files allocates (almost) nothing per file; the span must not be
    /// kept. For code that reads a file only to compute something from it, such as its features.
    /// </summary>
    public static T Read<T>(string path, int targetSampleRate, Func<ReadOnlySpan<double>, T> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        CheckTarget(targetSampleRate);
        var (bytes, length) = ReadFile(path);
        try
        {
            return Read(bytes.AsSpan(0, length), path, targetSampleRate, use);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// <see cref="Read{T}(string, int, Func{ReadOnlySpan{double}, T})"/> of a file's bytes already in memory (e.g. read
    /// once to hash them); <paramref name="path"/> names it in errors.
    /// </summary>
    public static T Read<T>(ReadOnlySpan<byte> data, string path, int targetSampleRate, Func<ReadOnlySpan<double>, T> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        CheckTarget(targetSampleRate);
        var layout = WavParser.Parse(data, path);
        var samples = ArrayPool<double>.Shared.Rent(layout.FrameCount);
        try
        {
            var mono = samples.AsSpan(0, layout.FrameCount);
            WavSampleDecoder.DecodeMono(data[layout.DataOffset..], layout.Format, mono);
            var rate = layout.Format.SampleRate;
            return rate == targetSampleRate ? use(mono) : use(Resampler.Resample(mono, rate, targetSampleRate));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(samples);
        }
    }

    /// <param name="stream">Read to its end; not closed.</param>
    /// <param name="displayName">How error messages name the source, e.g. a path inside an archive.</param>
    /// <param name="targetSampleRate">When set and different from the file's rate, the clip is resampled to it.</param>
    public static AudioClip Read(Stream stream, string displayName, int? targetSampleRate = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(displayName);
        CheckTarget(targetSampleRate);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), displayName, targetSampleRate);
    }

    private static void CheckTarget(int? targetSampleRate)
    {
        if (targetSampleRate is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetSampleRate), targetSampleRate, "must be positive");
        }
    }

    /// <summary>The whole file in a pooled buffer (return it to <see cref="ArrayPool{T}.Shared"/>) and its length.</summary>
    private static (byte[] Buffer, int Length) ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[]? buffer = null;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var size = RandomAccess.GetLength(handle);
            if (size > Array.MaxLength)
            {
                throw new IOException($"the file is {size} bytes, more than the 2 GB a WAV file can hold");
            }

            buffer = ArrayPool<byte>.Shared.Rent((int)size);
            var length = 0;
            while (length < size)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(length, (int)size - length), length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return (buffer, length);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Return(buffer);
            throw new WorkflowException($"{path} does not exist; check the path or fetch the data again.", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Return(buffer);
            throw new WorkflowException($"{path} could not be read ({e.Message}); check that it is a readable file.", inner: e);
        }

        static void Return(byte[]? buffer)
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static AudioClip Decode(ReadOnlySpan<byte> bytes, string name, int? targetSampleRate)
    {
        var layout = WavParser.Parse(bytes, name);
        var samples = new double[layout.FrameCount];
        WavSampleDecoder.DecodeMono(bytes[layout.DataOffset..], layout.Format, samples);
        var rate = layout.Format.SampleRate;
        if (targetSampleRate is { } target && target != rate)
        {
            return new AudioClip(Resampler.Resample(samples, rate, target), target);
        }

        return new AudioClip(samples, rate);
    }
}
