using Workflow.Features;
using static System.FormattableString;

namespace Workflow.Onnx;

/// <summary>
/// The MFCC pipeline of <see cref="MfccExtractor"/> as ONNX nodes, step for step so the two agree to rounding:
/// DC removal and pre-emphasis over the whole signal; framing by Gather of a [frames, frameLength] index grid (frame
/// count computed in the graph, with the same single-frame and padEnd rules); window; zero-padding to the FFT size and
/// a one-sided <c>DFT</c>; power or magnitude; mel filterbank, DCT and lifter as constant matrices (taken from the
/// native classes themselves, so the coefficients are identical); with spectralSubtraction the utterance's background
/// (its quietest frames by TopK) subtracted; log with floor (with dynamicRangeDb: the larger of
/// logFloor and the utterance's loudest mel energy times the native ratio); HTK deltas by Slice arithmetic on
/// an edge-padded copy; per-utterance CMVN with the native zero-variance guard. Settings with no graph equivalent are
/// refused by <see cref="EnsureExportable"/>. Resampling stays outside: the input is already at the sample rate.
/// </summary>
public static class OnnxFeatureGraph
{
    /// <summary>Throws a <see cref="WorkflowException"/> naming the first setting the graph cannot reproduce.</summary>
    public static void EnsureExportable(MfccOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrimSilence)
            throw new WorkflowException(
                "features.trimSilence cannot be exported to ONNX; set it to false, or trim the recordings before they reach the model.");
    }

    /// <summary>
    /// Appends the pipeline to <paramref name="g"/>. <paramref name="samples"/> is a [N] tensor of the graph's compute
    /// type (N ≥ 1); returns the [frames, columns] features of the same type.
    /// </summary>
    public static string Append(GraphBuilder g, string samples, MfccOptions options, int sampleRate)
    {
        EnsureExportable(options);
        var extractor = new MfccExtractor(options, sampleRate); // validates, and fixes the sizes exactly as natively
        var signal = Emphasise(g, samples, options);
        var frames = Frames(g, signal, extractor);
        var spectrum = Spectrum(g, frames, extractor);
        var cepstra = Cepstra(g, spectrum, extractor);
        if (options.Deltas)
        {
            var deltas = Regression(g, cepstra, "delta");
            var accelerations = Regression(g, deltas, "delta_delta");
            cepstra = g.Op("Concat", "with_deltas", [cepstra, deltas, accelerations], OnnxAttribute.Int("axis", 1));
        }

        return options.Cmvn ? Normalise(g, cepstra) : cepstra;
    }

    private static string Emphasise(GraphBuilder g, string x, MfccOptions options)
    {
        if (options.RemoveDc) x = g.Op("Sub", "dc_removed", [x, g.ReduceMean(x, null, keepDims: true, "dc")]);
        if (options.Preemph == 0.0) return x;

        // y[n] = x[n] - a x[n-1] with x[-1] = 0, i.e. x minus a times x delayed by one sample.
        var delayed = g.Op("Concat", "delayed", [g.Constant("zero_sample", [0.0], 1), g.Slice(x, [0], [-1], [0])],
            OnnxAttribute.Int("axis", 0));
        return g.Op("Sub", "emphasised", [x, g.Op("Mul", [g.Scalar("preemph", options.Preemph), delayed])]);
    }

    /// <summary>[N] → [frames, frameLength], windowed and zero-padded to [frames, fftSize].</summary>
    private static string Frames(GraphBuilder g, string signal, MfccExtractor extractor)
    {
        long length = extractor.FrameLength, hop = extractor.HopLength;

        // frames = max(1, 1 + (N - L + c) / H), c = H - 1 with padEnd (ceiling) else 0; integer Div truncates toward
        // zero, which equals floor for every N > L, and the max gives the single frame for N <= L.
        var n = g.Op("Shape", "samples_count", [signal]);
        var roundUp = extractor.Options.PadEnd ? hop - 1 : 0;
        var whole = g.Op("Div", [g.Op("Add", [n, g.Int64s("round_up_minus_frame", roundUp - length)]), g.Int64s("hop", hop)]);
        var count = g.Op("Max", "frame_count", [g.Op("Add", [whole, g.Int64s("one", 1)]), g.Int64s("one", 1)]);
        var starts = g.Op("Mul", "frame_starts",
            [g.Op("Range", [g.Int64Scalar("zero", 0), g.Squeeze(count, 0), g.Int64Scalar("one", 1)]), g.Int64s("hop", hop)]);
        var offsets = g.Int64Tensor("frame_offsets", Enumerable.Range(0, (int)length).Select(i => (long)i).ToArray(), 1, length);
        var indices = g.Op("Add", "frame_indices", [g.Unsqueeze(starts, 1), offsets]);

        // Samples past the end read as zeros: L + H zeros cover the last (padded) frame whatever the ratio of L to H.
        var tail = g.Constant("tail_zeros", new double[length + hop], length + hop);
        var padded = g.Op("Concat", "padded_signal", [signal, tail], OnnxAttribute.Int("axis", 0));
        var framed = g.Op("Gather", "frames", [padded, indices], OnnxAttribute.Int("axis", 0));
        var window = WindowFunction.Create(extractor.Options.Window, (int)length, extractor.Options.Periodic);
        var windowed = g.Op("Mul", "windowed", [framed, g.Constant("window", window, length)]);
        return extractor.FftSize == length
            ? windowed
            : g.Op("Pad", "fft_frames", [windowed, g.Int64s("fft_padding", 0, 0, 0, extractor.FftSize - length)]);
    }

    /// <summary>[frames, fftSize] → [frames, fftSize / 2 + 1] power (or magnitude) spectrum.</summary>
    private static string Spectrum(GraphBuilder g, string frames, MfccExtractor extractor)
    {
        var real = g.Unsqueeze(frames, 2); // DFT wants [batch, n, 1] for a real signal
        var complex = g.Op("DFT", "dft", [real], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("onesided", 1));
        var power = g.ReduceSum(g.Op("Mul", [complex, complex]), [2], keepDims: false, "power");
        var spectrum = extractor.Options.Magnitude ? g.Op("Sqrt", "magnitude", [power]) : power;
        return extractor.Options.PowerNorm == "nfft"
            ? g.Op("Mul", "normalised_spectrum", [spectrum, g.Scalar("inverse_fft_size", 1.0 / extractor.FftSize)])
            : spectrum;
    }

    /// <summary>[frames, bins] → [frames, nMfcc]: filterbank, floored log, DCT with the lifter folded in.</summary>
    private static string Cepstra(GraphBuilder g, string spectrum, MfccExtractor extractor)
    {
        var o = extractor.Options;
        var bins = extractor.FftSize / 2 + 1;
        var bank = new MelFilterbank(extractor.SampleRate, extractor.FftSize, o.NMels, o.Fmin, o.Fmax ?? extractor.SampleRate / 2.0, o.FbNorm == "slaney");
        var melMatrix = Transposed(bins, o.NMels, (input, output) => bank.Apply(input, output));
        var mel = g.Op("MatMul", "mel", [spectrum, g.Constant("mel_filterbank", melMatrix, bins, o.NMels)]);
        if (o.SpectralSubtraction is { } subtraction) mel = Subtract(g, mel, subtraction, o.LogFloor);
        var floor = g.Scalar("log_floor", o.LogFloor);
        if (o.DynamicRangeDb is { } range)
        {
            // The utterance's loudest mel energy, over every frame and filter, times the native ratio.
            var peak = g.Reduce("ReduceMax", mel, null, keepDims: true, "mel_peak");
            floor = g.Op("Max", "dynamic_floor", [g.Op("Mul", [peak, g.Scalar("dynamic_range_ratio", DynamicRangeFloor.Ratio(range))]), floor]);
        }

        var logMel = g.Op("Log", "log_mel", [g.Op("Max", [mel, floor])]);
        var dct = new CepstralTransform(o.NMels, o.NMfcc, o.Lifter);
        var dctMatrix = Transposed(o.NMels, o.NMfcc, (input, output) => dct.Apply(input, output));
        return g.Op("MatMul", "mfcc", [logMel, g.Constant("dct", dctMatrix, o.NMels, o.NMfcc)]);
    }

    /// <summary>
    /// [frames, filters] → the same less the utterance's background, as <see cref="SpectralSubtraction"/>: the mean of
    /// the k quietest frames by Σ log(max(E, logFloor)), k = max(1, ⌊frames × quietFraction⌋) in double as natively,
    /// picked by TopK (smallest first, the lower index first among equals); then max(E − factor N, floor E).
    /// </summary>
    private static string Subtract(GraphBuilder g, string mel, SpectralSubtractionOptions options, double logFloor)
    {
        var logs = g.Op("Log", "subtraction_log_mel", [g.Op("Max", [mel, g.Scalar("log_floor", logFloor)])]);
        var loudness = g.ReduceSum(logs, [1], keepDims: false, "frame_loudness"); // [T]
        var frames = g.Cast(g.Op("Shape", "mel_frames", [mel], OnnxAttribute.Int("start", 0), OnnxAttribute.Int("end", 1)), OnnxDataType.Double);
        var wanted = g.Op("Floor", [g.Op("Mul", [frames, g.DoubleScalar("quiet_fraction", options.QuietFraction)])]);
        var count = g.Cast(g.Op("Max", [wanted, g.DoubleScalar("one_frame", 1.0)]), OnnxDataType.Int64, "quiet_count");
        var quietest = g.Op("TopK", [loudness, count], 2, "quietest",
            OnnxAttribute.Int("axis", 0), OnnxAttribute.Int("largest", 0), OnnxAttribute.Int("sorted", 1))[1];
        var quiet = g.Op("Gather", "quiet_frames", [mel, quietest], OnnxAttribute.Int("axis", 0));
        var background = g.Op("Mul", "background", [g.ReduceMean(quiet, [0], keepDims: true, "quiet_mean"), g.Scalar("subtraction_factor", options.Factor)]);
        return g.Op("Max", "subtracted_mel",
            [g.Op("Sub", [mel, background]), g.Op("Mul", [mel, g.Scalar("subtraction_floor", options.Floor)])]);
    }

    /// <summary>
    /// The [inputs, outputs] matrix M with apply(x) = x M, read off by applying the native map to unit vectors, so the
    /// graph multiplies by exactly the coefficients the native code uses.
    /// </summary>
    private static double[] Transposed(int inputs, int outputs, Action<double[], double[]> apply)
    {
        var matrix = new double[inputs * outputs];
        var unit = new double[inputs];
        var column = new double[outputs];
        for (var i = 0; i < inputs; i++)
        {
            unit[i] = 1.0;
            apply(unit, column);
            column.CopyTo(matrix, i * outputs);
            unit[i] = 0.0;
        }

        return matrix;
    }

    /// <summary>
    /// HTK regression over frames with edge repetition: d[t] = (1 (c[t+1] - c[t-1]) + 2 (c[t+2] - c[t-2])) / 10, from
    /// four row slices of the input edge-padded by two frames at each end ([T + 4, C]: rows t + 2 ± n).
    /// </summary>
    private static string Regression(GraphBuilder g, string values, string hint)
    {
        var window = DeltaFeatures.Window;
        var padded = g.Op("Pad", [values, g.Int64s("edge_padding", window, 0, window, 0)], OnnxAttribute.String("mode", "edge"));
        string? sum = null;
        var denominator = 0.0;
        for (var n = 1; n <= window; n++)
        {
            var ahead = g.Slice(padded, [window + n], [n == window ? long.MaxValue : n - window], [0]);
            var behind = g.Slice(padded, [window - n], [-window - n], [0]);
            var difference = g.Op("Sub", [ahead, behind]);
            var term = n == 1 ? difference : g.Op("Mul", [g.Scalar(Invariant($"weight_{n}"), n), difference]);
            sum = sum is null ? term : g.Op("Add", [sum, term]);
            denominator += 2.0 * n * n;
        }

        return g.Op("Div", hint, [sum!, g.Scalar("delta_denominator", denominator)]);
    }

    /// <summary>Per-column (x - mean) / std over frames; a column whose std is below the native guard is only centred.</summary>
    private static string Normalise(GraphBuilder g, string values)
    {
        var centred = g.Op("Sub", "centred", [values, g.ReduceMean(values, [0], keepDims: true, "column_mean")]);
        var variance = g.ReduceMean(g.Op("Mul", [centred, centred]), [0], keepDims: true, "column_variance");
        var std = g.Op("Sqrt", "column_std", [variance]);
        var constant = g.Op("Less", "constant_column", [std, g.Scalar("min_std", CepstralNormalization.MinStandardDeviation)]);
        var scale = g.Op("Where", "column_scale", [constant, g.Scalar("one", 1.0), g.Op("Reciprocal", [std])]);
        return g.Op("Mul", "normalised", [centred, scale]);
    }
}
