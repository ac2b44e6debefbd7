// Feature-extraction benchmark: the per-file work of the ExtractFeatures stage (read the WAV, MFCC with the config's
// features, write the feature file atomically) in files per second on one core and on all cores, a per-phase split,
// and (Components.cs) our RealFft and WavReader against FftSharp, MathNet.Numerics and NAudio.
// Run it through bench/features.sh (before/after, one run) or bench/fft.sh (components).
using System.Diagnostics;
using System.Globalization;
using Workflow;
using Workflow.Audio;
using Workflow.Cache;
using Workflow.Features;
using Workflow.Pipeline;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
// --rate=N overrides the config's audio.sampleRate (e.g. the bundled config at 16 kHz, Speech Commands' rate).
var rateOverride = args.Where(a => a.StartsWith("--rate=", StringComparison.Ordinal)).Select(a => int.Parse(a[7..], CultureInfo.InvariantCulture)).LastOrDefault();
args = args.Where(a => !a.StartsWith("--rate=", StringComparison.Ordinal)).ToArray();
try
{
    return args.FirstOrDefault() switch
    {
        "make-clips" when args.Length == 4 => MakeClips(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture)),
        "files" when args.Length >= 4 => Files(args[1], args[2], args[3], args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3, rateOverride),
        "phases" when args.Length == 4 => Phases(args[1], args[2], args[3], rateOverride),
        "write" when args.Length == 4 => Write(args[1], args[2], args[3], rateOverride),
#if !BASELINE
        "fft" => FeatureBench.Components.Fft(),
        "wav" when args.Length == 2 => FeatureBench.Components.Wav(args[1]),
#endif
        _ => Usage(),
    };
}
catch (WorkflowException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: FeatureBench make-clips DATA_DIR OUT_DIR COUNT   one-second 16 kHz PCM16 clips cut from DATA_DIR's recordings
               FeatureBench files CLIPS CONFIG OUT_DIR [REPS]  read + MFCC + write, files/s on 1 core and on all cores
               FeatureBench phases CLIPS CONFIG OUT_DIR        microseconds per file for each phase, 1 core
               FeatureBench write CLIPS CONFIG OUT_DIR         writes every feature file (to compare two builds' bytes)
               FeatureBench fft                                RealFft vs FftSharp vs MathNet at 256 and 512 points
               FeatureBench wav CLIPS                          WavReader vs NAudio on 16-bit PCM, and format coverage
        CONFIG is a workflow.json; its features and audio.sampleRate are used (--rate=N overrides the rate).
        """);
    return 2;
}

// Speech-Commands-shaped clips: the recordings, resampled to 16 kHz, laid end to end and cut into one-second pieces.
static int MakeClips(string dataDir, string outDir, int count)
{
    var sources = Directory.GetFiles(dataDir, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
    var stream = new List<double>();
    var next = 0;
    for (var i = 0; i < count; i++)
    {
        while (stream.Count < 16000)
        {
            stream.AddRange(WavReader.Read(sources[next++ % sources.Length], 16000).Samples.ToArray());
        }

        var folder = Path.Combine(outDir, (i % 10).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        WavWriter.Write(Path.Combine(folder, $"clip_{i:D5}.wav"), new AudioClip(stream.GetRange(0, 16000).ToArray(), 16000));
        stream.RemoveRange(0, 16000);
    }

    Console.WriteLine($"{count} one-second 16 kHz clips in {outDir}");
    return 0;
}

static (string[] Clips, MfccExtractor Extractor, int Rate) Load(string clipsDir, string configPath, int rateOverride)
{
    var clips = Directory.GetFiles(clipsDir, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
    var config = WorkflowConfig.Load(configPath, configPath);
    var rate = rateOverride > 0 ? rateOverride : config.Audio.SampleRate;
    return (clips, new MfccExtractor(config.Features, rate), rate);
}

// Exactly what ExtractFeaturesStage.Run does for one unit (without the VAD).
static void ExtractOne(string clip, string output, MfccExtractor extractor, int rate)
{
#if BASELINE
    var audio = WavReader.Read(clip, rate);
    var features = extractor.Extract(audio.Samples);
#else
    var features = WavReader.Read(clip, rate, samples => extractor.Extract(samples));
#endif
    AtomicFile.Write(output, features.WriteTo);
}

static int Files(string clipsDir, string configPath, string outDir, int reps, int rateOverride)
{
    var (clips, extractor, rate) = Load(clipsDir, configPath, rateOverride);
    // Every pass writes into a fresh folder: a cold build creates its feature files, and on ext4 renaming over an
    // existing file costs a flush (auto_da_alloc), which would measure the disk rather than the extraction.
    var pass = 0;
    string[] Fresh()
    {
        var root = Path.Combine(outDir, (pass++).ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var paths = clips.Select(c => Path.Combine(root, Path.GetFileName(Path.GetDirectoryName(c))!, Path.GetFileName(c) + ".mfcc")).ToArray();
        foreach (var folder in paths.Select(Path.GetDirectoryName).Distinct())
        {
            Directory.CreateDirectory(folder!);
        }

        return paths;
    }

    var outputs = Fresh();
    for (var i = 0; i < Math.Min(300, clips.Length); i++)
    {
        ExtractOne(clips[i], outputs[i], extractor, rate); // warm-up: JIT, tiering, page cache
    }

    var cores = Environment.ProcessorCount;
    var one = new List<double>();
    var oneCpu = new List<double>();
    var all = new List<double>();
    for (var r = 0; r < reps; r++)
    {
        outputs = Fresh();
        var cpuStart = ThreadCpu.Microseconds();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < clips.Length; i++)
        {
            ExtractOne(clips[i], outputs[i], extractor, rate);
        }

        one.Add(clips.Length / clock.Elapsed.TotalSeconds);
        oneCpu.Add(ThreadCpu.Microseconds() - cpuStart);
        outputs = Fresh();
        clock.Restart();
        Parallel.For(0, clips.Length, new ParallelOptions { MaxDegreeOfParallelism = cores }, i => ExtractOne(clips[i], outputs[i], extractor, rate));
        all.Add(clips.Length / clock.Elapsed.TotalSeconds);
    }

    Directory.Delete(outDir, recursive: true);

    Console.WriteLine(Invariant(
        $"{clips.Length} files at {rate} Hz, {extractor.Columns} columns: 1 core {Fmt(one)} files/s ({oneCpu.Min() / clips.Length:0} us cpu/file); {cores} cores {Fmt(all)} files/s (best of {reps}; all: {string.Join(" ", one.Select(v => v.ToString("0")))} | {string.Join(" ", all.Select(v => v.ToString("0")))})"));
    return 0;

    static string Fmt(List<double> v) => v.Max().ToString("0", CultureInfo.InvariantCulture);
}

static int Write(string clipsDir, string configPath, string outDir, int rateOverride)
{
    var (clips, extractor, rate) = Load(clipsDir, configPath, rateOverride);
    Parallel.For(0, clips.Length, i =>
    {
        var output = Path.Combine(outDir, Path.GetRelativePath(clipsDir, clips[i]) + ".mfcc");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        ExtractOne(clips[i], output, extractor, rate);
    });
    Console.WriteLine($"{clips.Length} feature files in {outDir}");
    return 0;
}

static int Phases(string clipsDir, string configPath, string outDir, int rateOverride)
{
    var (clips, extractor, rate) = Load(clipsDir, configPath, rateOverride);
    Directory.CreateDirectory(outDir);
    var bytes = clips.Select(File.ReadAllBytes).ToArray();
    var samples = clips.Select(c => WavReader.Read(c, rate).Samples.ToArray()).ToArray();
    var matrices = samples.Select(s => extractor.Extract(s)).ToArray();
    // A fresh path for every write, as in a cold build (see Files).
    var round = 0;
    string Output(int i) => Path.Combine(outDir, Invariant($"{round}-{i}.mfcc"));
    var sink = new MemoryStream();
    var phases = new (string Name, Action<int> Run)[]
    {
        ("File.ReadAllBytes", i => File.ReadAllBytes(clips[i])),
        ("WavReader.Read (from memory)", i => WavReader.Read(new MemoryStream(bytes[i], writable: false), clips[i], rate)),
        ("WavReader.Read (path)", i => WavReader.Read(clips[i], rate)),
#if !BASELINE
        ("WavReader.Read (path, pooled samples)", i => WavReader.Read(clips[i], rate, s => s.Length)),
#endif
        ("MfccExtractor.Extract", i => extractor.Extract(samples[i])),
        ("FeatureMatrix.WriteTo (memory)", i => { sink.SetLength(0); matrices[i].WriteTo(sink); }),
        ("AtomicFile.Write (feature file)", i => AtomicFile.Write(Output(i), matrices[i].WriteTo)),
        ("all: read + MFCC + write", i => ExtractOne(clips[i], Output(i), extractor, rate)),
    };
    Console.WriteLine($"{clips.Length} files at {rate} Hz, 1 core, per file: wall and thread CPU microseconds (best of 3 after a warm-up), bytes allocated:");
    foreach (var (name, run) in phases)
    {
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        for (var r = 0; r < 4; r++)
        {
            round++;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = ThreadCpu.Microseconds();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < clips.Length; i++)
            {
                run(i);
            }

            var us = clock.Elapsed.TotalMicroseconds / clips.Length;
            var cpuUs = (ThreadCpu.Microseconds() - cpu) / clips.Length;
            allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / clips.Length;
            if (r > 0)
            {
                best = Math.Min(best, us);
                bestCpu = Math.Min(bestCpu, cpuUs);
            }

            if (r == 3)
            {
                Console.WriteLine(Invariant($"  {name,-38} {best,8:0.0} us wall {bestCpu,8:0.0} us cpu {allocated / 1024.0,7:0.0} KiB"));
            }
        }
    }

    Directory.Delete(outDir, recursive: true);
    return 0;
}

static string Invariant(FormattableString s) => FormattableString.Invariant(s);

/// <summary>CPU time of the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)): steadier than wall time on a shared machine.</summary>
internal static partial class ThreadCpu
{
    public static double Microseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Stopwatch.GetTimestamp() * 1e6 / Stopwatch.Frequency;
        }

        ClockGetTime(3, out var time);
        return time.Seconds * 1e6 + time.Nanoseconds / 1e3;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
