namespace Workflow.Features;

/// <summary>Analysis windows as the reference defines them: w[n] = a - (1 - a) cos(2 pi n / D), D = L - 1 or L.</summary>
internal static class WindowFunction
{
    public static double[] Create(string kind, int length, bool periodic)
    {
        var window = new double[length];
        var denominator = periodic ? length : length - 1;
        if (kind == "rect" || denominator == 0)
        {
            Array.Fill(window, 1.0);
            return window;
        }

        var a = kind switch
        {
            "hamming" => 0.54,
            "hann" => 0.5,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        for (var n = 0; n < length; n++)
        {
            window[n] = a - (1.0 - a) * Math.Cos(2.0 * Math.PI * n / denominator);
        }

        return window;
    }
}
