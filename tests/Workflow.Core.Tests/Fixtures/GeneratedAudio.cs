namespace Workflow.Tests.Fixtures;

/// <summary>Deterministic test signals.</summary>
public static class GeneratedAudio
{
    public static double[] Sine(double frequency, int sampleRate, double seconds, double amplitude = 0.5)
    {
        var samples = new double[(int)Math.Round(seconds * sampleRate)];
        for (var n = 0; n < samples.Length; n++)
        {
            samples[n] = amplitude * Math.Sin(2.0 * Math.PI * frequency * n / sampleRate);
        }

        return samples;
    }

    /// <summary>Uniform noise in [-amplitude, amplitude) from a fixed seed.</summary>
    public static double[] Noise(int length, double amplitude, int seed)
    {
        var random = new Random(seed);
        var samples = new double[length];
        for (var n = 0; n < samples.Length; n++)
        {
            samples[n] = amplitude * (2.0 * random.NextDouble() - 1.0);
        }

        return samples;
    }

    /// <summary><paramref name="signal"/> with runs of <paramref name="before"/> and <paramref name="after"/> zeros around it.</summary>
    public static double[] Padded(double[] signal, int before, int after)
    {
        var padded = new double[before + signal.Length + after];
        signal.CopyTo(padded, before);
        return padded;
    }

    /// <summary>Amplitude of the component at exactly <paramref name="frequency"/>, by projection on sine and cosine.</summary>
    public static double AmplitudeAt(ReadOnlySpan<double> signal, double frequency, int sampleRate)
    {
        double s = 0, c = 0;
        for (var n = 0; n < signal.Length; n++)
        {
            var phase = 2.0 * Math.PI * frequency * n / sampleRate;
            s += signal[n] * Math.Sin(phase);
            c += signal[n] * Math.Cos(phase);
        }

        return 2.0 * Math.Sqrt(s * s + c * c) / signal.Length;
    }

    public static double Rms(ReadOnlySpan<double> signal)
    {
        var sum = 0.0;
        foreach (var x in signal)
        {
            sum += x * x;
        }

        return Math.Sqrt(sum / signal.Length);
    }
}
