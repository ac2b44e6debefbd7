using {{Namespace}}.Wav;

namespace {{Namespace}};

/// <summary>
/// Reads a WAV file as the build's WavReader.Read(path, rate) does — the same parser, decoder and resampler, so the
/// same samples to the bit and the same messages — as float samples for the model. (WavReader itself needs .NET 9.)
/// </summary>
internal static class Recording
{
    public static float[] Read(string path, int sampleRate)
    {
        try
        {
            var bytes = ReadFile(path);
            var layout = WavParser.Parse(bytes, path);
            var mono = new double[layout.FrameCount];
            WavSampleDecoder.DecodeMono(bytes.AsSpan(layout.DataOffset), layout.Format, mono);
            var samples = layout.Format.SampleRate == sampleRate ? mono : Resampler.Resample(mono, layout.Format.SampleRate, sampleRate);
            var values = new float[samples.Length];
            for (var i = 0; i < values.Length; i++) values[i] = (float)samples[i];
            return values;
        }
        catch (WorkflowException e)
        {
            throw new InvalidDataException(e.Message, e.InnerException);
        }
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WorkflowException($"{path} does not exist; check the path.", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkflowException($"{path} could not be read ({e.Message}); check that it is a readable file.", inner: e);
        }
    }
}
