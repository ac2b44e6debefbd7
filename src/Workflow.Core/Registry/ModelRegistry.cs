using Workflow.Cache;

namespace Workflow.Registry;

/// <summary>
/// A model registry in plain files (see <see cref="RegistryStorage"/> for the layout): immutable, numbered versions
/// of packages with their lineage, metrics and parameters; aliases with an append-only history; verification and
/// garbage collection. No server: the directory can live in the repository or on a shared drive. Every change is a
/// read-modify-write of the index under an exclusive lock, so concurrent processes each get their own version.
/// </summary>
public sealed class ModelRegistry
{
    /// <summary>Where the registry lives by default, relative to the repository (git-ignored with <c>.workflow/</c>).</summary>
    public const string DefaultDirectory = ".workflow/registry";

    private readonly RegistryStorage _storage;
    private readonly Action<string>? _log;
    private readonly TimeSpan _lockTimeout;

    /// <param name="root">The registry: a directory (created by the first change), or a url or remote name as
    /// <see cref="RegistryAddress"/> reads them, with the current directory as the repository.</param>
    /// <param name="log">Receives progress worth telling a person, such as waiting for the lock.</param>
    /// <param name="lockTimeout">How long a change waits for another process's lock; 60 s by default.</param>
    public ModelRegistry(string root, Action<string>? log = null, TimeSpan? lockTimeout = null)
        : this(RegistryAddress.Parse(root, Environment.CurrentDirectory), log, lockTimeout)
    {
    }

    public ModelRegistry(RegistryAddress address, Action<string>? log = null, TimeSpan? lockTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        _storage = new RegistryStorage(address, log);
        _log = log;
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>The folder, or the remote's address.</summary>
    public string Root => _storage.Root;

    public RegistryAddress Address => _storage.Address;

    /// <summary>True once this registry, being unreachable, answered from this machine's copy (see the warning logged).</summary>
    public bool AnsweredFromCache => _storage.Stale;

    /// <summary>When this machine last read the remote registry's index (null for a folder registry).</summary>
    public string? CachedAt => _storage.Cache?.FetchedAt();

    /// <summary>Names a registry directory for every tool (CLI, build target), e.g. a shared folder.</summary>
    public const string EnvironmentVariable = "WORKFLOW_REGISTRY";

    public static string DefaultFor(string repositoryRoot) => Path.Combine(repositoryRoot, ".workflow", "registry");

    /// <summary>
    /// The registry to use: <paramref name="directory"/> when given, else the WORKFLOW_REGISTRY variable, else
    /// <c>.workflow/registry</c> under <paramref name="repositoryRoot"/>.
    /// </summary>
    /// <param name="cacheRoot">Where this machine's copies of remote registries go (default: the repository's .workflow/registry-cache).</param>
    public static RegistryAddress Locate(string? directory, string repositoryRoot, string? cacheRoot = null)
    {
        if (!string.IsNullOrWhiteSpace(directory)) return RegistryAddress.Parse(directory, repositoryRoot, cacheRoot);
        var variable = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return !string.IsNullOrWhiteSpace(variable)
            ? RegistryAddress.Parse(variable, repositoryRoot, cacheRoot)
            : RegistryAddress.OfFolder(DefaultFor(repositoryRoot), repositoryRoot, cacheRoot);
    }

    public RegistryIndex ReadIndex() => _storage.ReadIndex();

    /// <summary>
    /// A local file with the version's package: the blob of a folder registry, or this machine's verified cached copy
    /// of a remote one's (fetched now when not cached). The file does not exist when the registry lacks the package.
    /// </summary>
    public string PackagePath(ModelVersion version, IProgress<long>? progress = null) => _storage.BlobFile(version.PackageSha256, progress);

    /// <summary>Whether this machine holds a verified copy of the package without fetching it (always, for a folder registry).</summary>
    public bool HasLocally(ModelVersion version) => LocalCopy(version) is not null;

    // The package's file on this machine without fetching (a remote registry's cached copy is verified first); null when absent.
    private string? LocalCopy(ModelVersion version) => !_storage.IsRemote
        ? File.Exists(_storage.Blobs.PathOf(version.PackageSha256)) ? _storage.Blobs.PathOf(version.PackageSha256) : null
        : _storage.Cache!.Verified(version.PackageSha256);

    public ModelVersion Resolve(string reference) =>
        ReferenceResolver.Resolve(_storage.ReadIndex(), VersionReference.Parse(reference), Root);

    /// <summary>
    /// Adds the package as the next version of <paramref name="modelName"/>, with lineage from the manifest (which
    /// must list this package). Identical package bytes already registered give back that version, not a new one.
    /// </summary>
    public RegistrationResult Register(string packagePath, string manifestPath, string modelName)
    {
        if (!VersionReference.IsValidModelName(modelName))
            throw new WorkflowException($"'{modelName}' is not a valid model name; use 1–64 lowercase letters, digits, '.', '_' or '-'.");
        if (!File.Exists(packagePath))
            throw new WorkflowException($"{packagePath} does not exist; build it with ./build.sh --target=Package.");
        var sha256 = ContentHash.OfFile(packagePath);
        var package = PackageContents.Read(packagePath, packagePath);
        if (package.Model != modelName)
            throw new WorkflowException(
                $"{packagePath} is a package of model '{package.Model}', not '{modelName}'; register it as '{package.Model}' or rebuild it with model.name \"{modelName}\".");
        package.CheckEntryHashes();
        package.LoadModels();
        var lineage = ManifestLineage.Read(manifestPath, sha256);
        // A remote registry gets the package before the lock is taken: uploads can be long, the lock is held for seconds.
        if (_storage.IsRemote && !_storage.ReadIndex().AllVersions.Any(v => v.PackageSha256 == sha256)) _storage.PutBlob(packagePath, sha256);
        return Change(index =>
        {
            var entry = index.EntryOf(modelName);
            if (entry.Versions.FirstOrDefault(v => v.PackageSha256 == sha256) is { } existing)
                return (index, new RegistrationResult(modelName, existing.Version, false, sha256, Root));
            _storage.PutBlob(packagePath, sha256);
            var version = new ModelVersion(
                modelName, entry.NextVersion, Now(), Environment.UserName, sha256, new FileInfo(packagePath).Length,
                package.Classes, lineage, package.Metrics(), package.Settings, [], "");
            return (index.With(modelName, entry.WithVersion(version)), new RegistrationResult(modelName, version.Version, true, sha256, Root));
        });
    }

    public IReadOnlyList<VersionView> List(VersionFilter filter) => VersionQuery.Run(_storage.ReadIndex(), filter, Root);

    public VersionView Show(string reference)
    {
        var index = _storage.ReadIndex();
        var version = ReferenceResolver.Resolve(index, VersionReference.Parse(reference), Root);
        return new VersionView(version, index.EntryOf(version.Model).AliasesOf(version.Version));
    }

    public VersionComparison Compare(IReadOnlyList<string> references)
    {
        if (references.Count < 2)
            throw new WorkflowException($"compare needs at least two versions (got {references.Count}); e.g. compare spoken-digits/1 spoken-digits@prod.");
        var index = _storage.ReadIndex();
        return VersionComparison.Of(references.Select(r => ReferenceResolver.Resolve(index, VersionReference.Parse(r), Root)).ToList());
    }

    /// <summary>Points <paramref name="alias"/> at the version <paramref name="reference"/> names; null when it already pointed there.</summary>
    public AliasMove? SetAlias(string reference, string alias)
    {
        if (!VersionReference.IsValidAlias(alias))
            throw new WorkflowException(
                $"'{alias}' is not a valid alias; use a lowercase letter, then up to 31 lowercase letters, digits, '_' or '-' (e.g. prod, staging).");
        return Change(index =>
        {
            var version = ReferenceResolver.Resolve(index, VersionReference.Parse(reference), Root);
            var entry = index.EntryOf(version.Model);
            int? from = entry.Aliases.TryGetValue(alias, out var current) ? current : null;
            if (from == version.Version) return (index, (AliasMove?)null);
            var move = new AliasMove(Now(), version.Model, alias, AliasActions.Set, from, version.Version, Environment.UserName);
            _storage.AppendLog(move);
            return (index.With(version.Model, entry.WithAlias(alias, version.Version)), move);
        });
    }

    /// <summary>Removes <c>name@alias</c>; the versions stay.</summary>
    public AliasMove DeleteAlias(string aliasReference) => Change(index =>
    {
        var (reference, entry, target) = AliasOf(index, aliasReference, "alias delete");
        var move = new AliasMove(Now(), reference.Model, reference.Alias!, AliasActions.Delete, target, null, Environment.UserName);
        _storage.AppendLog(move);
        return (index.With(reference.Model, entry.WithAlias(reference.Alias!, null)), move);
    });

    /// <summary>Moves <c>name@alias</c> back to the version it pointed at before its last move.</summary>
    public AliasMove Rollback(string aliasReference) => Change(index =>
    {
        var (reference, entry, target) = AliasOf(index, aliasReference, "rollback");
        var previous = AliasHistory.PreviousTarget(_storage.ReadLog(live: true), reference.Model, reference.Alias!)
            ?? throw new WorkflowException(
                $"{reference} has no earlier version in its history to go back to; see: history {reference.Model} --alias {reference.Alias}.");
        if (entry.Find(previous) is null)
            throw new WorkflowException(
                $"{reference} was at {reference.Model}/{previous} before, but that version has been deleted; point the alias yourself with: alias set {reference.Model}/<version> {reference.Alias}.");
        var move = new AliasMove(Now(), reference.Model, reference.Alias!, AliasActions.Rollback, target, previous, Environment.UserName);
        _storage.AppendLog(move);
        return (index.With(reference.Model, entry.WithAlias(reference.Alias!, previous)), move);
    });

    /// <summary>Alias moves, oldest first; only <paramref name="model"/>'s (and only <paramref name="alias"/>'s) when given.</summary>
    public IReadOnlyList<AliasMove> History(string? model = null, string? alias = null)
    {
        if (model is not null) ReferenceResolver.EntryOf(_storage.ReadIndex(), model, Root);
        return _storage.ReadLog().Where(m => (model is null || m.Model == model) && (alias is null || m.Alias == alias)).ToList();
    }

    public ModelVersion Tag(string reference, IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        foreach (var tag in add.Where(t => !VersionTags.IsValid(t)))
            throw new WorkflowException($"'{tag}' is not a valid tag; use 1–64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit.");
        return Annotate(reference, v => v with { Tags = VersionTags.Apply(v.Tags, add, remove) });
    }

    public ModelVersion Describe(string reference, string description) => Annotate(reference, v => v with { Description = description });

    /// <summary>Removes a version from the index (refused while an alias points at it); its blob goes at the next <see cref="Gc"/>.</summary>
    public ModelVersion Delete(string reference) => Change(index =>
    {
        var version = ReferenceResolver.Resolve(index, VersionReference.Parse(reference), Root);
        var entry = index.EntryOf(version.Model);
        var aliases = entry.AliasesOf(version.Version);
        if (aliases.Count > 0)
            throw new WorkflowException(
                $"{version.Reference} cannot be deleted while aliases point at it: {string.Join(", ", aliases)}; move them (alias set) or delete them (alias delete) first.");
        return (index.With(version.Model, entry.WithoutVersion(version.Version)), version);
    });

    /// <summary>
    /// For each reference, the version this machine has against the one it resolves to now (read live: an unreachable
    /// registry is an error here, not a stale answer). <paramref name="local"/>, when given, is asked for references
    /// this machine never pulled.
    /// </summary>
    public IReadOnlyList<UpdateCheck> Outdated(IReadOnlyList<string> references, ModelRegistry? local = null)
    {
        var index = _storage.ReadIndex(live: true);
        var pulled = new PulledVersions(Address.StateDirectory).Read();
        var localIndex = local is null || local.Root == Root ? null : local.ReadIndexOrNull();
        return references.Select(reference =>
        {
            var now = ReferenceResolver.Resolve(index, VersionReference.Parse(reference), Root);
            return UpdateCheck.Of(reference, Have(reference, now), now, HasLocally(now));
        }).ToList();

        ModelVersion? Have(string reference, ModelVersion now)
        {
            if (!pulled.TryGetValue(reference, out var record)) return localIndex is null ? null : TryResolve(localIndex, reference);
            return index.EntryOf(now.Model).Find(record.Version) is { } known && known.PackageSha256 == record.PackageSha256
                ? known
                : PulledOnly(now.Model, record);
        }
    }

    // A pulled version the registry no longer lists with those bytes (deleted since): its number and package, no metrics.
    private static ModelVersion PulledOnly(string model, PulledVersions.Pulled record) => new(
        model, record.Version, default, "", record.PackageSha256, 0, [],
        new VersionLineage("", "", "", "", "", false, new Dictionary<string, string>()), new Dictionary<string, double>(),
        new Newtonsoft.Json.Linq.JObject(), [], "");

    /// <summary>
    /// Fetches the versions <paramref name="references"/> resolve to now into this machine's cache, verified,
    /// <paramref name="parallel"/> at once; an interrupted fetch resumes. Records what was pulled for <see cref="Outdated"/>.
    /// </summary>
    /// <param name="progress">Called with (reference, version, bytes so far) as bytes arrive.</param>
    public IReadOnlyList<PullResult> Pull(IReadOnlyList<string> references, int parallel = 4, Action<string, ModelVersion, long>? progress = null)
    {
        var index = _storage.ReadIndex(live: true);
        var versions = references.Select(r => (Reference: r, Version: ReferenceResolver.Resolve(index, VersionReference.Parse(r), Root))).ToList();
        var results = new PullResult[versions.Count];
        Parallel.For(0, versions.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel) }, i =>
        {
            var (reference, version) = versions[i];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var local = LocalCopy(version);
            var path = local ?? PackagePath(version, new Progress(bytes => progress?.Invoke(reference, version, bytes)));
            if (!File.Exists(path))
                throw new WorkflowException($"The registry {Root} lists {version.Reference} but has no package for it ({RegistryStorage.BlobName(version.PackageSha256)}); run verify there.");
            results[i] = new PullResult(reference, version, version.PackageBytes, clock.Elapsed, local is not null, path);
        });
        new PulledVersions(Address.StateDirectory).Record(versions);
        return results;
    }

    /// <summary>
    /// Copies the version <paramref name="reference"/> names, with its metadata, lineage and package, to
    /// <paramref name="target"/> as that registry's next version of the model (or finds the version that already
    /// holds those bytes there), verified on arrival; optionally points <paramref name="alias"/> at it. Both
    /// registries' histories record the copy.
    /// </summary>
    public CopyResult CopyTo(string reference, ModelRegistry target, string? alias = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (alias is not null && !VersionReference.IsValidAlias(alias))
            throw new WorkflowException(
                $"'{alias}' is not a valid alias; use a lowercase letter, then up to 31 lowercase letters, digits, '_' or '-' (e.g. prod, staging).");
        if (target.Root == Root)
            throw new WorkflowException($"copy: {Root} is both the source and the target; name another registry with --to.");
        var version = ReferenceResolver.Resolve(_storage.ReadIndex(live: true), VersionReference.Parse(reference), Root);
        var file = PackagePath(version);
        if (!File.Exists(file))
            throw new WorkflowException($"The registry {Root} lists {version.Reference} but has no package for it ({RegistryStorage.BlobName(version.PackageSha256)}); run verify there.");
        if (target._storage.IsRemote) target._storage.PutBlob(file, version.PackageSha256);
        var (arrived, isNew, move) = target.Change(index =>
        {
            var entry = index.EntryOf(version.Model);
            var moves = new List<AliasMove>();
            var existing = entry.Versions.FirstOrDefault(v => v.PackageSha256 == version.PackageSha256);
            var copy = existing ?? version with { Version = entry.NextVersion, CopiedFrom = $"{Root} {version.Reference}" };
            if (existing is null)
            {
                target._storage.PutBlob(file, version.PackageSha256);
                entry = entry.WithVersion(copy);
                moves.Add(new AliasMove(Now(), version.Model, "", AliasActions.CopyIn, version.Version, copy.Version, Environment.UserName) { Peer = Root });
            }
            AliasMove? set = null;
            if (alias is not null && (entry.Aliases.TryGetValue(alias, out var current) ? current : (int?)null) is var from && from != copy.Version)
            {
                set = new AliasMove(Now(), version.Model, alias, AliasActions.Set, from, copy.Version, Environment.UserName);
                entry = entry.WithAlias(alias, copy.Version);
                moves.Add(set);
            }
            if (moves.Count == 0) return (index, (copy, false, (AliasMove?)null));
            target._storage.AppendLog(moves);
            return (index.With(version.Model, entry), (copy, existing is null, set));
        });
        // Verified on arrival: the target's bytes, read back (a folder's were hashed as they were stored).
        if (isNew && target._storage.IsRemote && !File.Exists(target._storage.BlobFile(version.PackageSha256, fresh: true)))
            throw new WorkflowException($"The copy of {version.Reference} to {target.Root} is missing its package there after the upload; run verify on {target.Root} and copy again.");
        if (isNew)
            Change(index =>
            {
                _storage.AppendLog(new AliasMove(Now(), version.Model, "", AliasActions.CopyOut, version.Version, arrived.Version, Environment.UserName) { Peer = target.Root });
                return (index, 0);
            });
        return new CopyResult(version.Reference, arrived.Reference, target.Root, isNew, move);
    }

    private RegistryIndex? ReadIndexOrNull()
    {
        try
        {
            return _storage.ReadIndex();
        }
        catch (WorkflowException)
        {
            return null;
        }
    }

    private ModelVersion? TryResolve(RegistryIndex index, string reference)
    {
        try
        {
            return ReferenceResolver.Resolve(index, VersionReference.Parse(reference), Root);
        }
        catch (WorkflowException)
        {
            return null;
        }
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    public VerifyReport Verify() => RegistryVerifier.Verify(_storage, _storage.ReadIndex());

    /// <summary>Removes blobs no version references (and leftovers of interrupted writes); with <paramref name="dryRun"/>, only reports them.</summary>
    public GcResult Gc(bool dryRun)
    {
        if (!_storage.IsRemote && !Directory.Exists(Root)) return new GcResult(dryRun, [], 0, 0);
        using var _ = _storage.Lock(_lockTimeout);
        var referenced = _storage.ReadIndex(live: true).AllVersions.Select(v => v.PackageSha256).ToHashSet(StringComparer.Ordinal);
        var (blobs, leftovers) = _storage.ListBlobs();
        var garbage = blobs.Where(b => !referenced.Contains(b.Sha256)).ToList();
        if (!dryRun)
        {
            foreach (var file in garbage.Select(b => b.Path).Concat(leftovers)) _storage.DeleteBlobFile(file);
            if (!_storage.IsRemote && Directory.Exists(_storage.Blobs.Root))
                foreach (var directory in Directory.EnumerateDirectories(_storage.Blobs.Root).Where(d => !Directory.EnumerateFileSystemEntries(d).Any()))
                    Directory.Delete(directory);
        }
        return new GcResult(dryRun, garbage.Select(b => b.Sha256).ToList(), garbage.Sum(b => b.Bytes), blobs.Count - garbage.Count);
    }

    private ModelVersion Annotate(string reference, Func<ModelVersion, ModelVersion> change) => Change(index =>
    {
        var version = ReferenceResolver.Resolve(index, VersionReference.Parse(reference), Root);
        var changed = change(version);
        return (index.With(version.Model, index.EntryOf(version.Model).WithVersion(changed)), changed);
    });

    private (VersionReference Reference, ModelEntry Entry, int Target) AliasOf(RegistryIndex index, string aliasReference, string command)
    {
        var reference = VersionReference.Parse(aliasReference);
        if (reference.Alias is null)
            throw new WorkflowException($"{command} needs <model>@<alias>, e.g. {reference.Model}@prod (got '{aliasReference}').");
        ReferenceResolver.Resolve(index, reference, Root);
        var entry = index.EntryOf(reference.Model);
        return (reference, entry, entry.Aliases[reference.Alias]);
    }

    /// <summary>Runs one read-modify-write of the index under the lock; the index is rewritten only if it changed.</summary>
    private T Change<T>(Func<RegistryIndex, (RegistryIndex Index, T Result)> change)
    {
        using var _ = _storage.Lock(_lockTimeout);
        var index = _storage.ReadIndex(live: true);
        var (next, result) = change(index);
        if (!ReferenceEquals(next, index)) _storage.WriteIndex(next);
        return result;
    }

    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
