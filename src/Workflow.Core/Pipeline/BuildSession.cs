using Workflow.Data;
using Workflow.Packaging;
using Workflow.Stages;

namespace Workflow.Pipeline;

/// <summary>
/// One build, as driven by build.cake: each Cake task calls one method here, which builds its stage and hands it
/// to the <see cref="StageRunner"/>. Opening a session only reads the config, so Cake's <c>--dryrun</c> (which
/// still runs Setup) has no side effects; <c>--plan</c> decides every unit without running any.
/// </summary>
public sealed class BuildSession : IDisposable
{
    /// <summary>Held while a build writes <c>artifacts/</c> and <c>.workflow/</c>; a second build waits for it.</summary>
    public const string LockPath = ".workflow/build.lock";
    private readonly BuildArguments _arguments;
    private readonly TextWriter _log;
    private readonly StageRunner _runner;
    private readonly List<UnitDecision> _decisions = [];
    private readonly HashSet<string> _recorded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IStage> _stages = [];
    private readonly Cache.RemoteBuildCache? _remote;
    private readonly Shard? _shard;
    private Dataset? _dataset;
    private DirListing? _listing;
    private WorkspaceLock? _lock;
    private Registry.BasePackage? _base;

    private BuildSession(BuildArguments arguments, WorkflowConfig config, Workspace workspace, TextWriter log)
    {
        _arguments = arguments;
        _log = log;
        Config = config;
        Workspace = workspace;
        _shard = arguments.Shard is null ? null : Shard.Parse(arguments.Shard);
        // A shard exists to fill the remote cache for the assemble build: it always pushes.
        _remote = Cache.RemoteCacheSettings.Open(config.Cache, arguments.CachePush, [workspace.Root, arguments.RepositoryRoot], log, _shard?.ToString());
        _runner = new StageRunner(workspace, arguments.Plan, new RunnerOptions
        {
            Remote = _remote,
            Verify = arguments.Verify,
            Links = config.Cache.LinkTypes(),
            DeferStateSave = true, // saved by Finish, also after a failed stage
            Progress = Progress.ProgressDisplay.ForConsole(log),
        });
        _runner.ReadAhead(); // used only if unchanged once the build holds the lock
    }

    public WorkflowConfig Config { get; }

    public Workspace Workspace { get; }

    public IReadOnlyList<UnitDecision> Decisions => _decisions;

    public static BuildSession Open(BuildArguments arguments, TextWriter log)
    {
        // First: the config's loading is among what the profile compiles ahead.
        if (arguments.JitProfile && !arguments.Plan) JitProfile.Start(new Workspace(arguments.WorkspaceRoot), arguments.Target, create: false);
        // --config, else the workspace's own config/workflow.json, else the repository's.
        var configPath = arguments.ConfigPath
            ?? new[] { arguments.WorkspaceRoot, arguments.RepositoryRoot }
                .Select(root => Path.Combine(root, WorkflowConfig.DefaultPath))
                .FirstOrDefault(File.Exists)
            ?? Path.Combine(arguments.WorkspaceRoot, WorkflowConfig.DefaultPath);
        if (arguments.Target == nameof(Publish) && arguments.Feed is null) throw MissingFeed();
        var displayPath = arguments.ConfigPath ?? WorkflowConfig.DefaultPath;
        var topLevel = WorkflowConfig.Load(configPath, displayPath, arguments.Variant);
        var dataRoot = arguments.DataDirectory is null ? null : Path.GetFullPath(arguments.DataDirectory, arguments.WorkspaceRoot);
        if (dataRoot is not null && !Directory.Exists(dataRoot))
            throw new WorkflowException($"--data={arguments.DataDirectory}: no such folder; pass a folder holding <class>/*.wav.");
        var configRoot = arguments.ConfigPath is null ? Path.GetDirectoryName(Path.GetDirectoryName(configPath)) : null;
        var workspace = new Workspace(arguments.WorkspaceRoot, dataRoot, configRoot);
        // --variant, else defaultVariant, else the champion of the last CompareVariants, else the top level.
        var choice = Variants.VariantChoice.Choose(arguments.Variant, topLevel.DefaultVariant, Variants.Champion.Read(workspace), topLevel.Variants.Keys);
        var config = (choice.Name is null || choice.Name == arguments.Variant ? topLevel : WorkflowConfig.Load(configPath, displayPath, choice.Name)) with { Variant = choice };
        if (config.Variants.Count > 0 && arguments.Target != nameof(CompareVariants))
            log.WriteLine($"Variant: {choice.Name ?? "none (top-level settings)"}, from {choice.Why}");
        return new BuildSession(arguments, config, workspace, log);
    }

    /// <summary>
    /// Builds every variant through Evaluate, one after another in this workspace (a unit several variants share — same
    /// key — runs once; the others come from the build cache), then writes the comparison and names the champion by
    /// <c>selection.metric</c>. The workspace is left with the champion's artifacts.
    /// </summary>
    public void CompareVariants()
    {
        if (Config.Variants.Count == 0)
            throw new WorkflowException($"CompareVariants: {_arguments.ConfigPath ?? WorkflowConfig.DefaultPath} has no variants; add a \"variants\" section (see config/README.md).");
        var results = new List<Variants.VariantResult>();
        foreach (var name in Config.Variants.Keys)
        {
            _log.WriteLine($"CompareVariants: variant '{name}'");
            var session = Evaluated(name);
            if (_arguments.Plan) continue;
            var bytes = File.ReadAllBytes(Workspace.Resolve(EvaluateStage.MetricsPath));
            var metrics = Newtonsoft.Json.JsonConvert.DeserializeObject<Evaluation.EvaluationMetrics>(System.Text.Encoding.UTF8.GetString(bytes), Json.Settings)!;
            Cache.AtomicFile.WriteAllBytes(Workspace.Resolve($"artifacts/variants/{name}/metrics.json"), bytes);
            results.Add(new Variants.VariantResult(name, metrics.Accuracy, metrics.MacroF1,
                session.Decisions.Count(d => d.Status == UnitDecision.Ran), session.Decisions.Count));
        }
        if (_arguments.Plan) return;
        var metric = Config.Selection.Metric;
        var champion = Config.Selection.Champion(results);
        var overrides = Config.Variants.ToDictionary(
            v => v.Key,
            v => string.Join("; ", Workflow.Release.SettingChanges.Flatten(v.Value).Select(o => $"{o.Key}={o.Value}")));
        Variants.VariantComparison.WriteCsv(Workspace.Resolve(Variants.VariantComparison.CsvPath), results, champion, overrides);
        Variants.VariantComparison.WriteChart(Workspace.Resolve(Variants.VariantComparison.ChartPath), results, metric);
        Cache.AtomicFile.WriteAllText(Workspace.Resolve(Variants.Champion.Path), Json.Serialize(new Variants.Champion(champion.Variant, metric, champion.Metric(metric))));
        foreach (var line in Variants.VariantComparison.Table(results, champion, metric)) _log.WriteLine(line);
        _log.WriteLine($"CompareVariants: wrote {Variants.VariantComparison.CsvPath}, {Variants.VariantComparison.ChartPath} and {Variants.Champion.Path}");
        // Leave the workspace as the next build (Package, Release) will want it: the champion's artifacts.
        if (champion.Variant != results[^1].Variant) Evaluated(champion.Variant);
    }

    // One variant's build through Evaluate, as a build of its own (its lock, state and run report).
    private BuildSession Evaluated(string variant)
    {
        using var session = Open(_arguments with { Variant = variant, Target = nameof(CompareVariants) }, _log);
        session.FetchData();
        session.ExtractFeatures();
        session.Train();
        session.Evaluate();
        session.Finish();
        return session;
    }

    public void FetchData()
    {
        Lock();
        var fetch = new FetchDataStage(Workspace, _log, _arguments.Strict);
        Record(FetchDataStage.Name, [fetch.Run(_arguments.Plan)]);
        if (fetch.Missing.Count == 0) return;
        // A plan on a fresh clone: plan the rest over the files data.dvc lists, as if they were fetched.
        _dataset = ShardOf(Data.Dataset.FromPaths(Workspace.DataRoot, fetch.Listed, Config.Split, Config.Train.Base is not null));
        _runner.MarkPending(fetch.Missing.Select(p => Workspace.DataPrefix + p), "will be fetched");
    }

    public void ExtractFeatures()
    {
        var skipped = Execute(Stage(() => new ExtractFeaturesStage(Dataset, Config, Workspace)))
            .Where(d => d.Status == UnitDecision.Skipped)
            .Select(d => d.Unit)
            .ToHashSet(StringComparer.Ordinal);
        if (skipped.Count > 0) _dataset = Dataset.Without(skipped, Workspace.DataRoot, check: _shard is null);
    }

    public void Train() => Execute(Stage(() => new TrainStage(TrainingData, TrainingConfig, Base)));

    /// <summary>Scores the test set with each class's model (a unit per class), then combines the scores.</summary>
    public void Evaluate()
    {
        if (SkippedInShard(nameof(Evaluate))) return;
        Execute(Stage(() => new ScoreStage(TrainingData, TrainingConfig.Features)));
        Execute(Stage(() => new EvaluateStage(TrainingData)));
    }

    public void Package()
    {
        if (!SkippedInShard(nameof(Package))) Execute(Stage(() => new PackageStage(TrainingData, TrainingConfig, DataListing, Base?.Version)));
    }

    public void WriteManifest()
    {
        if (SkippedInShard(nameof(WriteManifest))) return;
        // Features are listed from the current data set (unreadable files may have been skipped).
        IReadOnlyList<IStage> stages =
        [
            new ExtractFeaturesStage(Dataset, Config, Workspace),
            Stage(() => new TrainStage(TrainingData, TrainingConfig, Base)),
            Stage(() => new ScoreStage(TrainingData, TrainingConfig.Features)),
            Stage(() => new EvaluateStage(TrainingData)),
            Stage(() => new PackageStage(TrainingData, TrainingConfig, DataListing, Base?.Version)),
        ];
        Execute(new WriteManifestStage(stages, Config, Facts(), () => _runner.LastKeys(stages), _runner.HashOf, Workspace));
    }

    /// <summary>Adds the package as the next version of the configured model in the registry (after WriteManifest).</summary>
    public void Register()
    {
        if (SkippedInShard(nameof(Register))) return;
        if (_arguments.Plan)
        {
            _log.WriteLine($"Register: would register artifacts/package/{Config.Model.Name}.zip");
            return;
        }
        Lock();
        var registry = new Registry.ModelRegistry(Registry.ModelRegistry.Locate(_arguments.RegistryDirectory, Workspace.Root), _log.WriteLine);
        var result = registry.Register(
            Workspace.Resolve(PackageStage.PathFor(Config.Model)),
            Workspace.Resolve(WriteManifestStage.ManifestPath),
            Config.Model.Name);
        _log.WriteLine(result.Message);
        Cache.AtomicFile.WriteAllText(Workspace.Resolve("artifacts/registered.json"), Json.Serialize(result));
    }

    /// <summary>
    /// The model as a NuGet package, and its release notes (after Register). The version's patch is the registry
    /// version of this package zip (0 only in a plan before it is registered); a dirty git tree adds a -dev suffix.
    /// Each version's nupkg sha256 is recorded, and a version that would get other bytes fails the build. The notes
    /// compare with the version the prod alias points at, else the previous one; then the manifest is written again
    /// with the release in it.
    /// </summary>
    public void Release()
    {
        if (SkippedInShard(nameof(Release))) return;
        var stage = ReleaseStageOf(log: true);
        Execute(stage);
        if (!_arguments.Plan)
        {
            var nupkg = Workspace.Resolve(stage.NupkgPath);
            var ledger = new Workflow.Release.VersionLedger(Workspace.Resolve(Workflow.Release.VersionLedger.RelativePath));
            try
            {
                ledger.Record(Config.Model.EffectivePackageId, stage.PackageVersion, _runner.HashOf(stage.NupkgPath) ?? Cache.ContentHash.OfFile(nupkg));
            }
            catch (WorkflowException)
            {
                File.Delete(nupkg); // never leave a second package under a version that names other bytes
                throw;
            }
        }
        Execute(ReleaseNotesStageOf(stage));
        WriteManifest();
    }

    private ReleaseNotesStage ReleaseNotesStageOf(ReleaseStage release)
    {
        var registry = new Registry.ModelRegistry(Registry.ModelRegistry.Locate(_arguments.RegistryDirectory, Workspace.Root));
        var entry = registry.ReadIndex().EntryOf(Config.Model.Name);
        var current = release.RegistryVersion > 0 ? release.RegistryVersion : entry.NextVersion; // a plan before Register
        ReleaseNotesStage.Base? baseline = null;
        if (Workflow.Release.ReleaseBaseline.Choose(entry, current) is var (version, why))
        {
            baseline = new ReleaseNotesStage.Base(version.Reference, why, version.PackageSha256, registry.PackagePath(version), version.Lineage.Tools);
            _log.WriteLine($"ReleaseNotes: compared with {version.Reference}, {why}");
        }
        else
        {
            _log.WriteLine($"ReleaseNotes: first release (no earlier version of {Config.Model.Name} in the registry {registry.Root})");
        }
        return new ReleaseNotesStage(Config, release.PackageVersion, current, release.NupkgPath, Facts().Tools, baseline);
    }

    /// <summary>
    /// Pushes the Release target's nupkg to <c>--feed</c> with <c>dotnet nuget push</c> (after Release). A folder feed
    /// holding the version already is checked first: the same bytes are a no-op, other bytes are refused (push
    /// would overwrite them silently). A server refuses a duplicate version itself.
    /// </summary>
    public void Publish()
    {
        if (SkippedInShard(nameof(Publish))) return;
        var feed = _arguments.Feed ?? throw MissingFeed();
        var stage = ReleaseStageOf(log: false);
        var nupkg = Workspace.Resolve(stage.NupkgPath);
        if (_arguments.Plan)
        {
            _log.WriteLine($"Publish: would push {stage.NupkgPath} to {feed}");
            return;
        }
        if (!File.Exists(nupkg))
            throw new WorkflowException($"Publish: {stage.NupkgPath} does not exist; run the Release target first (Publish depends on it).");
        // dotnet nuget push does not create a folder feed; a mistyped --feed should not quietly start a new one either.
        if (Workflow.Release.FolderFeed.IsFolder(feed) && !Directory.Exists(feed))
            throw new WorkflowException($"Publish: the feed folder {feed} does not exist; create it (mkdir) to start a new folder feed, or fix --feed.");
        var sha256 = Cache.ContentHash.OfFile(nupkg);
        if (Workflow.Release.FolderFeed.IsFolder(feed)
            && Workflow.Release.FolderFeed.Find(feed, Config.Model.EffectivePackageId, stage.PackageVersion) is { } existing)
        {
            var held = Cache.ContentHash.OfFile(existing);
            if (held != sha256)
                throw new WorkflowException(
                    $"Publish: the feed {feed} already holds {Config.Model.EffectivePackageId} {stage.PackageVersion} with other bytes ({existing}: sha256 {held}; {stage.NupkgPath}: sha256 {sha256}), " +
                    "and one version must never name two packages. Register the new package (the Register target) so it gets a new patch, or bump model.version in config/workflow.json; never replace a published version.");
            _log.WriteLine($"Publish: {feed} already holds {Config.Model.EffectivePackageId} {stage.PackageVersion} with the same bytes (sha256 {sha256}); nothing to push.");
            return;
        }
        Workflow.Release.NuGetPush.Push(nupkg, feed);
        _log.WriteLine($"Publish: pushed {stage.NupkgPath} (sha256 {sha256}) to {feed}");
    }

    /// <summary>Publish without --feed fails before any stage runs.</summary>
    public static WorkflowException MissingFeed() => new(
        "Publish needs --feed: pass a folder (--feed=DIR) or a NuGet server's push URL (--feed=https://…); for a server set NUGET_API_KEY too.");

    private ReleaseStage ReleaseStageOf(bool log)
    {
        var packagePath = PackageStage.PathFor(Config.Model);
        var patch = RegisteredVersion(packagePath, log);
        var git = GitFacts.Read(_arguments.RepositoryRoot);
        var path = Workspace.Resolve(packagePath);
        // A plan before the first package cannot know the zip's hash: the suffix is a placeholder then.
        var sha256 = File.Exists(path) ? _runner.HashOf(packagePath) ?? Cache.ContentHash.OfFile(path) : new string('0', 64);
        var version = Workflow.Release.ReleaseVersion.Of(Config.Model.Version, patch, git.Dirty, sha256);
        if (log && git.Dirty)
            _log.WriteLine($"Release: the git tree {_arguments.RepositoryRoot} has uncommitted changes: prerelease version {version} (commit them for {Config.Model.ReleaseVersion(patch)})");
        return new ReleaseStage(TrainingData, TrainingConfig, Workflow.Release.PackageTemplate.Load(_arguments.RepositoryRoot), git.Commit, version, patch);
    }

    private int RegisteredVersion(string packagePath, bool log)
    {
        var path = Workspace.Resolve(packagePath);
        if (!File.Exists(path)) return 0; // a plan before the first package
        var sha256 = _runner.HashOf(packagePath) ?? Cache.ContentHash.OfFile(path);
        var registry = new Registry.ModelRegistry(Registry.ModelRegistry.Locate(_arguments.RegistryDirectory, Workspace.Root));
        var version = registry.ReadIndex().EntryOf(Config.Model.Name).Versions
            .Where(v => v.PackageSha256 == sha256).Select(v => v.Version).DefaultIfEmpty(0).Max();
        if (!log) return version;
        _log.WriteLine(version > 0
            ? $"Release: {packagePath} is {Config.Model.Name}/{version} in the registry: version {Config.Model.ReleaseVersion(version)}"
            : $"Release: {packagePath} is not in the registry {registry.Root}: version {Config.Model.ReleaseVersion(0)} (run the Register target first to number it)");
        return version;
    }

    /// <summary>Checks (and fetches) the pretrained models the config lists; a critical one failing fails the build.</summary>
    public void CheckModels()
    {
        var checker = new Pretrained.ModelChecker(Workspace.ConfigRoot, Path.Combine(Workspace.Internal, "models"));
        var checks = checker.CheckAll(Config.Pretrained);
        foreach (var line in Pretrained.ModelCheckReport.Lines(checks)) _log.WriteLine(line);
        if (Config.Deploy.Models.Length > 0)
        {
            var registry = new Registry.ModelRegistry(Registry.ModelRegistry.Locate(_arguments.RegistryDirectory, Workspace.Root), _log.WriteLine);
            foreach (var pinned in Registry.PinnedModelCheck.CheckAll(registry, Config.Deploy.Models)) _log.WriteLine(pinned.Line(registry.Root));
        }
        Pretrained.ModelCheckReport.EnsureCriticalPassed(checks);
    }

    /// <summary>Writes the state cache, and the run report when the build ran (not planned) at least one stage.</summary>
    public void Finish()
    {
        try
        {
            _runner.SaveState();
            if (_arguments.Plan || _decisions.Count == 0) return;
            new RunReport(_arguments.Target, _decisions).Write(Workspace);
        }
        finally
        {
            Dispose();
        }
    }

    private Dataset Dataset => _dataset ??= ShardOf(Data.Dataset.Load(Workspace.DataRoot, Config.Split, Config.Train.Base is not null));

    /// <summary>
    /// The version <c>train.base</c> names, resolved in the registry the Register target uses (<c>--registry</c>,
    /// WORKFLOW_REGISTRY or the default) when a stage after ExtractFeatures first needs it; null without fine-tuning.
    /// </summary>
    private Registry.BasePackage? Base => Config.Train.Base is null ? null
        : _base ??= Registry.BasePackage.Resolve(Registry.ModelRegistry.Locate(_arguments.RegistryDirectory, Workspace.Root), Config);

    /// <summary>The config with the base package's sha256 resolved (what the Train key and the package settings hold).</summary>
    private WorkflowConfig TrainingConfig => Base is { } based
        ? Config with { Train = Config.Train with { BaseSha256 = based.Version.Sha256 } }
        : Config;

    /// <summary>
    /// The data set, with the base's classes too when fine-tuning (a class without recordings keeps its model); not in a
    /// shard, which trains its share of the data's classes only (the assemble build keeps the rest).
    /// </summary>
    private Dataset TrainingData => Base is { } based && _shard is null ? Dataset.WithClasses(based.Classes) : Dataset;

    // A shard's share of the data: its classes' files, train and test.
    private Dataset ShardOf(Dataset dataset)
    {
        if (_shard is null) return dataset;
        var classes = _shard.ClassesOf(dataset);
        _log.WriteLine($"shard {_shard}: classes {(classes.Count == 0 ? "none" : string.Join(", ", classes.Order(StringComparer.Ordinal)))} of {dataset.Classes.Count}");
        return dataset.OnlyClasses(classes);
    }

    // A shard stops after Train: evaluating needs every class, which only the assemble build has.
    private bool SkippedInShard(string target)
    {
        if (_shard is null) return false;
        _log.WriteLine($"{target}: skipped in shard {_shard}; the assemble build (without --shard) does it from the remote cache.");
        return true;
    }

    private IStage Stage<T>(Func<T> create) where T : IStage
    {
        var name = typeof(T).Name;
        if (!_stages.TryGetValue(name, out var stage)) _stages[name] = stage = create();
        return stage;
    }

    // What a stage must have allocated for its garbage to be worth a full collection after it.
    private const long CollectAfterBytes = 1L << 30;

    private IReadOnlyList<UnitDecision> Execute(IStage stage)
    {
        Lock();
        var allocated = GC.GetTotalAllocatedBytes();
        var decisions = _runner.Run(stage);
        _remote?.Flush(); // this stage's results are on the remote before the next stage starts
        Record(stage.Name, decisions);
        // Stages differ wildly in what they allocate (100,000 feature files, then a few classes' frames): give the
        // last stage's garbage back before the next one starts, so peak memory is one stage's, not their sum. Only
        // after a stage that allocated much: a full compacting collection walks everything still live (~0.1-0.3 s
        // with a 100,000-unit build's bookkeeping), four times over in a build where one recording changed.
        if (GC.GetTotalAllocatedBytes() - allocated >= CollectAfterBytes)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        return decisions;
    }

    /// <summary>
    /// Takes the workspace's build lock before the first stage reads any state (not on Open: Cake's --dryrun runs
    /// Setup too; not for --plan, which writes nothing). A second build waits here, then finds the first's results.
    /// </summary>
    private void Lock()
    {
        if (_arguments.Plan || _lock is not null) return;
        if (_arguments.JitProfile) JitProfile.Start(Workspace, _arguments.Target, create: true);
        _lock = WorkspaceLock.Acquire(Workspace.Root, LockPath, _arguments.Target, _log, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _remote?.Dispose();
        _lock?.Dispose();
    }

    private IReadOnlyList<UnitDecision> Record(string stage, IReadOnlyList<UnitDecision> decisions)
    {
        // A stage run twice (WriteManifest, in Release) reports its last run. Only then are 100,000 decisions searched.
        if (!_recorded.Add(stage)) _decisions.RemoveAll(d => d.Stage == stage);
        _decisions.AddRange(decisions);
        foreach (var line in DecisionLog.Lines(stage, decisions, _arguments.Plan)) _log.WriteLine(line);
        return decisions;
    }

    /// <summary>
    /// The data root's listing (md5 of every file, unchanged files through a state cache), computed once per build for
    /// the package and the manifest; null when there is no data yet (a plan on a fresh clone).
    /// </summary>
    private DirListing? DataListing() => Directory.Exists(Workspace.DataRoot)
        ? _listing ??= DataTracker.Listing(Workspace.DataRoot, Path.Combine(Workspace.Internal, "state", "data-md5"))
        : null;

    private BuildFacts Facts() => new(
        // In a plan on a fresh clone there is no data/ to hash yet.
        DataListing() is { } listing ? DataFacts.Of(Workspace, listing) : new DataFacts("data.dvc", "data", "pending", 0),
        Config.Hash,
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["cake"] = _arguments.CakeVersion,
            ["dotnet"] = ToolVersions.DotNet,
            ["mlnet"] = ToolVersions.MlNet,
        },
        GitFacts.Read(_arguments.RepositoryRoot),
        Base?.Version);
}
