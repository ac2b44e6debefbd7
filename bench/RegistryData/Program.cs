using System.Diagnostics;
using System.Globalization;
using Workflow.Features;
using Workflow.Packaging;
using Workflow.Pipeline;
using Workflow.Registry;
using Workflow.Tests.Fixtures;
using Workflow.Training;

// generate CONFIG DIR N   N packages of the model "tones", DIR/001/tones.zip … DIR/N/tones.zip, each with the
//                         manifest.json beside it that lists it, made the way the Package stage makes them
//                         (RegistryPackages, linked from the tests): ten classes of generated tones, each class model
//                         trained with CONFIG's audio, features and train settings, package i with train.seed i, so
//                         every package holds different models and a different accuracy.
// register REGISTRY DIR FIRST LAST   registers DIR/FIRST … DIR/LAST in order, in this one process (no start-up per
//                         version), and prints the median and mean seconds per version.
try
{
    return args switch
    {
        ["generate", var config, var dir, var n] => Generate(config, dir, int.Parse(n, CultureInfo.InvariantCulture)),
        ["register", var registry, var dir, var first, var last] =>
            Register(registry, dir, int.Parse(first, CultureInfo.InvariantCulture), int.Parse(last, CultureInfo.InvariantCulture)),
        _ => Usage(),
    };
}
catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or Workflow.WorkflowException)
{
    Console.Error.WriteLine("RegistryData: " + e.Message);
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: RegistryData generate CONFIG DIR N | register REGISTRY DIR FIRST LAST");
    return 2;
}

static int Generate(string configPath, string dir, int count)
{
    var clock = Stopwatch.StartNew();
    var bundled = WorkflowConfig.Load(configPath, configPath);
    // Ten tones a musical fifth apart from 200 Hz up to ~3.8 kHz (under 4 kHz, Nyquist at 8 kHz).
    var tones = Enumerable.Range(0, 10).ToDictionary(c => $"t{c}", c => 200 * Math.Pow(1.385, c));
    long bytes = 0;
    for (var i = 1; i <= count; i++)
    {
        var config = new WorkflowConfig
        {
            Model = new ModelOptions { Name = "tones", Attribution = null },
            Audio = bundled.Audio,
            Features = bundled.Features,
            Train = bundled.Train with { Seed = i },
        };
        var extractor = new MfccExtractor(config.Features, RegistryPackages.SampleRate);
        var trainer = ClassModelTrainerFactory.Create(config.Train, maxDegreeOfParallelism: 1);
        var models = tones.Select(t => trainer.Fit(t.Key,
            Enumerable.Range(0, 3).Select(seed => extractor.Extract(RegistryPackages.Tone(t.Value, 1000 * i + seed))).ToList())).ToList();
        var files = RegistryPackages.Write(Path.Combine(dir, i.ToString("000", CultureInfo.InvariantCulture)), "tones", config, models,
            Math.Round(0.5 + 0.4 * i / count, 6));
        bytes += new FileInfo(files.Package).Length;
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"packages: {count} in {Path.GetFullPath(dir)} ({bytes / count / 1024.0:0.0} KB each, {clock.Elapsed.TotalSeconds:0.0} s)"));
    return 0;
}

static int Register(string registry, string dir, int first, int last)
{
    var target = new ModelRegistry(registry);
    var seconds = new List<double>();
    for (var i = first; i <= last; i++)
    {
        var clock = Stopwatch.StartNew();
        var folder = Path.Combine(dir, i.ToString("000", CultureInfo.InvariantCulture));
        var result = target.Register(Path.Combine(folder, "tones.zip"), Path.Combine(folder, "manifest.json"), "tones");
        if (result.Version != i) throw new InvalidOperationException($"{folder} became tones/{result.Version} in {registry}, expected tones/{i}");
        seconds.Add(clock.Elapsed.TotalSeconds);
    }
    seconds.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"registered {seconds.Count} versions: median {seconds[seconds.Count / 2]:0.000} s, mean {seconds.Average():0.000} s per version"));
    return 0;
}
