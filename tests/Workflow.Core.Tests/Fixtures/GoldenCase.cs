using System.Globalization;
using Workflow.Features;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// One line of Fixtures/golden/goldens.txt: a CSV the reference (mfcc_ref.py) wrote for a WAV with some arguments.
/// The arguments are mapped to <see cref="MfccOptions"/> here, so the tests and make_goldens.sh share one list.
/// </summary>
public sealed record GoldenCase(string Csv, string Wav, string Arguments)
{
    public static string Folder =>
        Path.Combine(Path.GetDirectoryName(typeof(GoldenCase).Assembly.Location)!, "Fixtures", "golden");

    public static IEnumerable<GoldenCase> All() =>
        File.ReadAllLines(Path.Combine(Folder, "goldens.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('|').Select(part => part.Trim()).ToArray())
            .Select(parts => new GoldenCase(parts[0], parts[1], parts[2]));

    public string WavPath => Path.Combine(Folder, Wav);

    public override string ToString() => Csv;

    public MfccOptions Options()
    {
        var options = new MfccOptions();
        var args = new Queue<string>(Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        while (args.Count > 0)
        {
            var flag = args.Dequeue();
            options = flag switch
            {
                "--remove-dc" => options with { RemoveDc = true },
                "--pad-end" => options with { PadEnd = true },
                "--periodic" => options with { Periodic = true },
                "--magnitude" => options with { Magnitude = true },
                "--preemph" => options with { Preemph = Number(args) },
                "--frame-ms" => options with { FrameMs = Number(args) },
                "--hop-ms" => options with { HopMs = Number(args) },
                "--window" => options with { Window = args.Dequeue() },
                "--nfft" => options with { Nfft = (int)Number(args) },
                "--power-norm" => options with { PowerNorm = args.Dequeue() },
                "--nmels" => options with { NMels = (int)Number(args) },
                "--fmin" => options with { Fmin = Number(args) },
                "--fmax" => options with { Fmax = Number(args) },
                "--fb-norm" => options with { FbNorm = args.Dequeue() },
                "--log-floor" => options with { LogFloor = Number(args) },
                "--nmfcc" => options with { NMfcc = (int)Number(args) },
                "--lifter" => options with { Lifter = Number(args) },
                _ => throw new InvalidOperationException($"goldens.txt: no mapping for {flag}"),
            };
        }

        return options;
    }

    /// <summary>The CSV's rows (header skipped), parsed with the invariant culture.</summary>
    public double[][] Expected() =>
        File.ReadAllLines(Path.Combine(Folder, Csv))
            .Skip(1)
            .Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    private static double Number(Queue<string> args) => double.Parse(args.Dequeue(), CultureInfo.InvariantCulture);
}
