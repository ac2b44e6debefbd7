using Workflow.Audio;
using Workflow.Cache;
using Workflow.Features;
using Workflow.Packaging;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// Real packages for registry tests, made the way the Package stage makes them (DeterministicZip, PackageManifest,
/// .model files from DiagonalGaussianTrainer) but from three classes of generated tones instead of recordings:
/// "high" (2500 Hz), "low" (300 Hz), "mid" (1000 Hz). Each package comes with a manifest.json that lists it.
/// A different <c>variant</c> gives a different package: another variance floor (a parameter) and accuracy (a metric).
/// </summary>
public static class RegistryPackages
{
    public const int SampleRate = 8000;

    public static readonly IReadOnlyDictionary<string, double> Tones = new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        ["high"] = 2500,
        ["low"] = 300,
        ["mid"] = 1000,
    };

    public sealed record Files(string Package, string Manifest);

    /// <summary>Writes <c>&lt;directory&gt;/&lt;model&gt;.zip</c> and <c>&lt;directory&gt;/manifest.json</c>.</summary>
    public static Files Write(string directory, string model = "tones", int variant = 0)
    {
        Directory.CreateDirectory(directory);
        var config = new WorkflowConfig
        {
            Model = new ModelOptions { Name = model, Attribution = null },
            Train = new TrainOptions { VarianceFloor = 0.001 * (variant + 1) },
        };
        var extractor = new MfccExtractor(config.Features, SampleRate);
        var trainer = new DiagonalGaussianTrainer(config.Train);
        var models = Tones.Select(t => (IClassModel)trainer.Fit(t.Key, Enumerable.Range(0, 3).Select(seed => extractor.Extract(Tone(t.Value, seed))).ToList())).ToList();
        return Write(directory, model, config, models, Math.Round(0.7 + 0.05 * variant, 6));
    }

    /// <summary>
    /// Writes <c>&lt;directory&gt;/&lt;model&gt;.zip</c> holding <paramref name="models"/> (one per class, in class order) with
    /// <paramref name="config"/>'s settings, as the Package stage does, and a manifest.json that lists it.
    /// </summary>
    public static Files Write(string directory, string model, WorkflowConfig config, IReadOnlyList<IClassModel> models, double accuracy = 0.7)
    {
        Directory.CreateDirectory(directory);
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var scratch = Path.Combine(directory, "scratch.model");
        foreach (var classModel in models)
        {
            ClassModelFile.Write(scratch, classModel);
            entries[$"models/{classModel.Class}.model"] = File.ReadAllBytes(scratch);
        }
        File.Delete(scratch);
        entries["metrics.json"] = System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant(
            $"{{\n  \"accuracy\": {accuracy},\n  \"macroF1\": {Math.Round(accuracy - 0.01, 6)},\n  \"trainCount\": 9,\n  \"testCount\": 6\n}}\n"));
        var settings = config.Sections("model", "audio", "features", "train");
        var packageManifest = new PackageManifest(
            PackageStageFormatVersion, model, [.. models.Select(m => m.Class)], settings,
            new SortedDictionary<string, string>(entries.ToDictionary(e => e.Key, e => ContentHash.OfBytes(e.Value)), StringComparer.Ordinal));
        entries["package.json"] = System.Text.Encoding.UTF8.GetBytes(Json.Serialize(packageManifest));
        var package = Path.Combine(directory, $"{model}.zip");
        AtomicFile.Write(package, stream => DeterministicZip.Write(stream, entries));

        var manifest = Path.Combine(directory, "manifest.json");
        var build = new BuildManifest(
            1, model, new DataFacts("--data", "audio", "0123456789abcdef0123456789abcdef.dir", 18), config.Hash,
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["dotnet"] = "10.0.0" },
            new GitFacts("0123456789abcdef0123456789abcdef01234567", false),
            [new ArtifactEntry($"artifacts/package/{model}.zip", ContentHash.OfFile(package), new FileInfo(package).Length)],
            []);
        AtomicFile.WriteAllText(manifest, Json.Serialize(build));
        return new Files(package, manifest);
    }

    /// <summary>A half-second tone with a little seeded noise, as a 16-bit WAV at <see cref="SampleRate"/>.</summary>
    public static string WriteTone(string path, double frequency, int seed = 7)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.Write(path, new AudioClip(Tone(frequency, seed), SampleRate));
        return path;
    }

    public static double[] Tone(double frequency, int seed)
    {
        var random = new Random(seed);
        var samples = new double[SampleRate / 2];
        for (var n = 0; n < samples.Length; n++)
            samples[n] = 0.5 * Math.Sin(2 * Math.PI * frequency * n / SampleRate) + 0.02 * (2 * random.NextDouble() - 1);
        return samples;
    }

    private const int PackageStageFormatVersion = Workflow.Stages.PackageStage.FormatVersion;
}
