namespace Workflow.Features;

/// <summary>
/// Per-utterance cepstral mean and variance normalisation: every column gets mean 0 and (population) standard
/// deviation 1 over the utterance's frames, which removes a fixed channel/microphone colouring. A column that is
/// constant (standard deviation below <see cref="MinStandardDeviation"/>) is only centred, since dividing by ~0 would
/// turn rounding noise into unit-variance garbage.
/// </summary>
internal static class CepstralNormalization
{
    public const double MinStandardDeviation = 1e-8;

    public static void Apply(double[] values, int rows, int columns)
    {
        for (var c = 0; c < columns; c++)
        {
            var mean = 0.0;
            for (var t = 0; t < rows; t++)
            {
                mean += values[t * columns + c];
            }

            mean /= rows;
            var variance = 0.0;
            for (var t = 0; t < rows; t++)
            {
                var d = values[t * columns + c] - mean;
                variance += d * d;
            }

            var std = Math.Sqrt(variance / rows);
            var scale = std < MinStandardDeviation ? 1.0 : 1.0 / std;
            for (var t = 0; t < rows; t++)
            {
                values[t * columns + c] = (values[t * columns + c] - mean) * scale;
            }
        }
    }
}
