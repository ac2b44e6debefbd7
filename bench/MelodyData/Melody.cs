namespace MelodyData;

/// <summary>
/// Synthetic melodies for the pitch path (bench/melody.sh and the tests link this file): each class is a scale (a
/// subset of the 12 semitones above the tonic) and a first-order note-transition matrix drawn from the class's seed,
/// leaning back to the tonic so it is the most frequent note, as Sa is in a raag. A recording is a walk of that chain
/// rendered as a harmonic tone (random timbre) with vibrato, glides between notes, short rests, a random tonic
/// (±4 semitones around 200 Hz), tempo and white noise. Everything comes from the seed: the same arguments give the
/// same samples.
/// </summary>
public static class Melody
{
    public const int SampleRate = 8000;

    public static readonly int[][] Scales =
    [
        [0, 2, 4, 5, 7, 9, 11],   // major
        [0, 2, 3, 5, 7, 8, 10],   // natural minor
        [0, 1, 4, 5, 7, 8, 11],   // double harmonic
        [0, 2, 4, 7, 9],          // major pentatonic
        [0, 1, 3, 5, 6, 8, 10],   // locrian
    ];

    public sealed record Recording(double[] Samples, double Tonic, int[] Notes);

    /// <summary>Row-stochastic note-transition probabilities over the class's scale degrees.</summary>
    public static double[][] Transitions(int @class)
    {
        var random = new Random(1000 + @class);
        var n = Scales[@class].Length;
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var row = new double[n];
            for (var j = 0; j < n; j++)
            {
                var step = Math.Abs(i - j);
                // Steps to neighbours are likelier, each class weights them its own way; some jumps are favoured.
                row[j] = i == j ? 0.0 : Math.Pow(random.NextDouble(), 2) * (step == 1 ? 3.0 : step == 2 ? 1.0 : 0.3);
            }

            row[0] += i == 0 ? 0.0 : 0.8; // back to the tonic
            var sum = row.Sum();
            for (var j = 0; j < n; j++) row[j] /= sum;
            rows[i] = row;
        }

        return rows;
    }

    /// <summary>One recording of <paramref name="class"/>, 2–6 s, from <paramref name="seed"/>.</summary>
    public static Recording Generate(int @class, int seed, double? tonic = null, double? seconds = null)
    {
        var random = new Random(seed * 7919 + @class);
        var scale = Scales[@class];
        var transitions = Transitions(@class);
        var f0Tonic = tonic ?? 200.0 * Math.Pow(2, (random.NextDouble() * 8 - 4) / 12);
        var length = (int)((seconds ?? 2 + 4 * random.NextDouble()) * SampleRate);
        var tempo = 0.7 + 0.7 * random.NextDouble();
        var contour = new double[length]; // f0 per sample, 0 in rests
        var notes = new List<int>();
        var degree = 0;
        var position = 0;
        var previous = 0.0;
        while (position < length)
        {
            var semitone = scale[degree];
            notes.Add(semitone);
            var target = f0Tonic * Math.Pow(2, semitone / 12.0);
            var duration = (int)(SampleRate * tempo * (0.15 + 0.25 * random.NextDouble()) * (degree == 0 ? 2.0 : 1.0));
            var glide = previous > 0 ? (int)(SampleRate * (0.02 + 0.04 * random.NextDouble())) : 0;
            for (var i = 0; i < duration && position + i < length; i++)
            {
                contour[position + i] = i < glide
                    ? previous * Math.Pow(target / previous, (double)i / glide)
                    : target;
            }

            position += duration;
            previous = target;
            if (random.NextDouble() < 0.15)
            {
                position += (int)(SampleRate * (0.05 + 0.1 * random.NextDouble())); // a rest
                previous = 0.0;
            }

            degree = Next(transitions[degree], random);
        }

        var samples = Render(contour, random, vibratoCents: 10 + 30 * random.NextDouble(), snrDb: 15 + 15 * random.NextDouble());
        return new Recording(samples, f0Tonic, [.. notes]);
    }

    /// <summary>
    /// A harmonic tone following <paramref name="contour"/> (Hz per sample, 0 = silence) with vibrato of
    /// ±<paramref name="vibratoCents"/> at 4–7 Hz, harmonics below 0.45 × the sample rate with random amplitudes,
    /// 10 ms fades at each onset and end, and white noise <paramref name="snrDb"/> below the tone's power.
    /// </summary>
    /// <param name="f0">If given, receives the instantaneous f0 of every sample (0 where silent): the ground truth.</param>
    public static double[] Render(double[] contour, Random random, double vibratoCents, double snrDb, double[]? f0 = null)
    {
        var harmonics = new double[8];
        for (var k = 0; k < harmonics.Length; k++) harmonics[k] = (0.3 + random.NextDouble()) / (k + 1);
        var rate = 4 + 3 * random.NextDouble();
        var samples = new double[contour.Length];
        var phase = 0.0;
        var fade = SampleRate / 100;
        var power = 0.0;
        var voiced = 0;
        for (var n = 0; n < contour.Length; n++)
        {
            if (contour[n] <= 0)
            {
                phase = 0;
                continue;
            }

            var f = contour[n] * Math.Pow(2, vibratoCents / 1200 * Math.Sin(2 * Math.PI * rate * n / SampleRate));
            if (f0 is not null) f0[n] = f;
            phase += 2 * Math.PI * f / SampleRate;
            var gain = Math.Min(1.0, Math.Min(Distance(contour, n, -1), Distance(contour, n, +1)) / (double)fade);
            var value = 0.0;
            for (var k = 0; k < harmonics.Length && (k + 1) * f < 0.45 * SampleRate; k++) value += harmonics[k] * Math.Sin((k + 1) * phase);
            samples[n] = gain * value;
            power += samples[n] * samples[n];
            voiced++;
        }

        var noise = Math.Sqrt(power / Math.Max(voiced, 1) / Math.Pow(10, snrDb / 10) * 3); // uniform: variance a²/3
        var peak = 0.0;
        for (var n = 0; n < samples.Length; n++)
        {
            samples[n] += noise * (2 * random.NextDouble() - 1);
            peak = Math.Max(peak, Math.Abs(samples[n]));
        }

        for (var n = 0; n < samples.Length; n++) samples[n] *= 0.8 / peak;
        return samples;
    }

    // Samples from n to the nearest silent sample in direction step (capped at 10 ms).
    private static int Distance(double[] contour, int n, int step)
    {
        var d = 0;
        while (d < SampleRate / 100 && n + d * step >= 0 && n + d * step < contour.Length && contour[n + d * step] > 0) d++;
        return d;
    }

    private static int Next(double[] row, Random random)
    {
        var u = random.NextDouble();
        for (var j = 0; j < row.Length; j++)
        {
            u -= row[j];
            if (u < 0) return j;
        }

        return row.Length - 1;
    }
}
