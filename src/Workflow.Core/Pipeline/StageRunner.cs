using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// The only code that knows the cache. For each unit of a stage it hashes the inputs, builds the key, and either
/// restores the outputs from the store (a hit: every output blob exists and verifies) or runs the unit and stores
/// what it wrote. Outputs' hashes feed the keys of later stages, so identical bytes stop a rebuild there.
/// In plan mode nothing is run, restored or recorded: outputs of units that would run are marked pending.
/// </summary>
/// <remarks>
/// Nothing unchanged is read: input files, workspace outputs and store blobs are hashed through one
/// <see cref="StateCache"/> (<c>.workflow/state/files</c>) and trusted while their stat is the recorded one, and a
/// unit whose key equals its last one finds its outputs in the stage's <see cref="UnitHistory"/> rather than the run
/// cache. A no-op unit costs a few stats. <see cref="RunnerOptions.Verify"/> hashes every byte again instead.
/// </remarks>
public sealed class StageRunner
{
    private const string Pending = "pending";
    private readonly Workspace _workspace;
    private readonly RunnerOptions _options;
    private readonly Lazy<StateCache> _state;
    private readonly Lazy<ObjectStore> _store;
    private readonly RunCache _runs;
    private readonly string _stateDirectory;
    private readonly string _objects;
    // Each file's hash this build, with the stat it had when that hash was known to hold (what a unit's stamp is made
    // of; null when none was vouched for). One entry per file: at 100,000 units every object here is walked by each
    // full collection.
    private ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _pendingWhy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<UnitHistory>> _readAhead = new(StringComparer.Ordinal);

    public StageRunner(Workspace workspace, bool plan = false, RunnerOptions? options = null)
    {
        _workspace = workspace;
        _options = options ?? new RunnerOptions();
        IsPlan = plan;
        _runs = new RunCache(Path.Combine(workspace.Internal, "cache", "runs"));
        _stateDirectory = Path.Combine(workspace.Internal, "state");
        _objects = Path.Combine(workspace.Internal, "cache", "objects");
        // Loaded on first use: a build waits for the workspace lock before it reads any state.
        _state = new(() => StateCache.Load(Path.Combine(_stateDirectory, "files"), keepUnseen: true));
        _store = new(() => new ObjectStore(_objects, _state.Value, new FileLinks(_options.Links), _options.Verify));
    }

    public bool IsPlan { get; }

    /// <summary>The hash of an input read or an output produced or verified so far in this build; null when none was.</summary>
    public string? HashOf(string name) => _known.TryGetValue(name, out var known) ? known.Hash : null;

    public IReadOnlyList<UnitDecision> Run(IStage stage)
    {
        // The history and the units are independent reads of 100,000 lines each: overlap them. The state cache is
        // only loaded when a unit's stamp does not vouch for it.
        var loading = _readAhead.TryRemove(stage.Name, out var early)
            ? Task.Run(async () => await early is { } read && read.IsCurrent() ? read : UnitHistory.Load(_stateDirectory, stage.Name))
            : Task.Run(() => UnitHistory.Load(_stateDirectory, stage.Name));
        var units = stage.Units();
        Reserve(units);
        var history = loading.GetAwaiter().GetResult();
        var decisions = new UnitDecision[units.Count];
        var records = new UnitRecord?[units.Count];
        var kept = new bool[units.Count];
        // A plan with a remote build cache spends its time waiting for existence checks: many at once.
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = IsPlan && _options.Remote is not null ? 16 : stage.RunsInParallel ? Environment.ProcessorCount : 1,
        };
        using var progress = _options.Progress?.Start(stage.Name, units.Count);
        // Every unit is tried, so one build lists every bad input rather than the first.
        var failures = new ConcurrentBag<string>();
        try
        {
            // Run per unit, 100,000 times in a large build: compiled optimised at once (AggressiveOptimization), as are
            // the methods it calls per unit; tiering would run most of a no-op in unoptimised code, because promotion
            // waits for a pause in JIT activity that a build's start-up seldom has (a 100,000-unit no-op: ~0.5 s).
            Parallel.For(0, units.Count, options, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i) =>
            {
                var clock = Stopwatch.GetTimestamp();
                try
                {
                    if (Unchanged(stage, units[i], history.Peek(units[i].Name)) is { } key)
                    {
                        kept[i] = true;
                        decisions[i] = Decision(stage, units[i], UnitDecision.UpToDate, "unchanged", key, clock, UnitDecision.Local);
                    }
                    else
                    {
                        (decisions[i], records[i]) = Decide(stage, units[i], history.Get(units[i].Name));
                    }
                }
                catch (WorkflowException e)
                {
                    failures.Add(e.Message);
                    decisions[i] = new UnitDecision(stage.Name, units[i].Name, UnitDecision.Skipped, e.Message, "", Seconds(clock));
                }
                progress?.Advance(decisions[i].Status == UnitDecision.Ran);
            });
        }
        finally
        {
            _runs.Close(); // the run cache's shards stay open for appending while the stage runs
        }
        if (!IsPlan)
        {
            // A no-op leaves the history as it was: 100,000 units need not be written again.
            if (history.Count != units.Count || AnyChanged(units, kept, records, history))
            {
                history.Save(Outcomes(units, kept, records));
            }
            if (!_options.DeferStateSave) SaveState();
        }
        if (!failures.IsEmpty && !stage.SkipsFailedUnits) throw Failed(stage, units.Count, [.. failures]);
        return decisions;
    }

    // Whether a unit decided the long way differs from its history entry (a loop over 100,000 units: see Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AnyChanged(IReadOnlyList<StageUnit> units, bool[] kept, UnitRecord?[] records, UnitHistory history)
    {
        for (var i = 0; i < units.Count; i++)
            if (!kept[i] && !UnitHistory.SameOutcome(history.Get(units[i].Name), records[i])) return true;
        return false;
    }

    // What the history is to hold: each unit kept as it was (null) or its new record; a unit without one is left out.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<KeyValuePair<string, UnitRecord?>> Outcomes(IReadOnlyList<StageUnit> units, bool[] kept, UnitRecord?[] records)
    {
        var outcomes = new List<KeyValuePair<string, UnitRecord?>>(units.Count);
        for (var i = 0; i < units.Count; i++)
            if (kept[i] || records[i] is not null) outcomes.Add(KeyValuePair.Create(units[i].Name, kept[i] ? null : records[i]));
        return outcomes;
    }

    // Each unit puts its outputs into the map. A ConcurrentDictionary grown by doubling allocates every node again at
    // each step (at 100,000 units, ~17 steps): the first stage sizes it for its outputs instead, while it is empty.
    private void Reserve(IReadOnlyList<StageUnit> units)
    {
        if (units.Count < 1024 || !_known.IsEmpty) return;
        _known = new(Environment.ProcessorCount, units.Sum(u => u.Outputs.Count) + 1024, StringComparer.Ordinal);
    }

    /// <summary>
    /// Starts reading every stage history in the workspace, in the background: a build calls this before it holds the
    /// workspace lock, so the 100,000-unit history is read while the build starts up. <see cref="Run"/> uses what was
    /// read only if no file of it changed since (<see cref="UnitHistory.IsCurrent"/>); else it reads it again.
    /// </summary>
    public void ReadAhead()
    {
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(_stateDirectory, "*.history"))
            {
                var stage = Path.GetFileNameWithoutExtension(entry);
                _readAhead.TryAdd(stage, Task.Run(() => UnitHistory.Load(_stateDirectory, stage)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no state yet (or unreadable): each stage reads its own when it runs
        }
    }

    /// <summary>Writes the state cache if this build loaded and changed it (never in a plan).</summary>
    public void SaveState()
    {
        if (!IsPlan && _state.IsValueCreated) _state.Value.Save();
    }

    /// <summary>The key each unit of these stages had in its last build, in stage then unit order.</summary>
    public IReadOnlyList<Packaging.UnitKey> LastKeys(IEnumerable<IStage> stages) => stages
        .SelectMany(stage =>
        {
            var history = UnitHistory.Load(_stateDirectory, stage.Name);
            return stage.Units().Select(unit => new Packaging.UnitKey(stage.Name, unit.Name, history.Peek(unit.Name)?.Key ?? "none"));
        })
        .ToList();

    /// <summary>Marks inputs that do not exist yet but will (e.g. files FetchData would fetch), for plans.</summary>
    public void MarkPending(IEnumerable<string> names, string why)
    {
        foreach (var name in names)
        {
            _known[name] = new Known(Pending, null);
            _pendingWhy[name] = why;
        }
    }

    private static WorkflowException Failed(IStage stage, int total, IReadOnlyList<string> messages)
    {
        const int shown = 20;
        var lines = messages.Order(StringComparer.Ordinal).Take(shown).Select(m => "  - " + m);
        var more = messages.Count > shown ? $"\n  (+{messages.Count - shown} more)" : "";
        var advice = stage.FailureAdvice is null ? "" : "\n" + stage.FailureAdvice;
        return new WorkflowException($"{stage.Name}: {messages.Count} of {total} unit(s) failed, so nothing after it ran:\n{string.Join("\n", lines)}{more}{advice}");
    }

    private (UnitDecision, UnitRecord) Decide(IStage stage, StageUnit unit, UnitRecord? previous)
    {
        var clock = Stopwatch.GetTimestamp();
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, ReadOnlyMemory<byte>>? read = null;
        List<byte[]>? rented = null;
        try
        {
            foreach (var name in unit.Inputs) inputs[name] = HashInput(stage, unit, name, ref read, ref rented);
            return Decide(stage, unit, previous, inputs, read, clock);
        }
        finally
        {
            foreach (var array in rented ?? []) System.Buffers.ArrayPool<byte>.Shared.Return(array);
        }
    }

    private (UnitDecision, UnitRecord) Decide(
        IStage stage, StageUnit unit, UnitRecord? previous, SortedDictionary<string, string> inputs,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? read, long clock)
    {
        // Same ingredients as last time give the same key: no need to hash them again.
        var key = previous is not null && previous.Version == stage.Version && SameInputs(previous.Inputs, inputs)
            && CacheKey.SameParameters(previous.Parameters, unit.Parameters)
            ? previous.Key
            : CacheKey.Of(stage, unit, inputs);
        var record = new UnitRecord(key, stage.Version, unit.Parameters, inputs);
        var same = previous?.Key == key;
        var why = same ? null : ChangeExplainer.Explain(previous, record);

        var pendingInput = inputs.FirstOrDefault(i => i.Value == Pending).Key;
        if (pendingInput is not null)
        {
            MarkPending(unit);
            return (Decision(stage, unit, UnitDecision.Ran, $"input {pendingInput} {_pendingWhy.GetValueOrDefault(pendingInput, "will be rebuilt")}", key, clock), record);
        }

        // Same key as last time: the history names its outputs, so the run cache need not be read.
        var cached = same && previous!.Outputs is { Count: > 0 } known ? new RunCacheEntry(stage.Name, unit.Name, known)
            : _runs.TryGet(key, out var entry) ? entry : null;
        (Dictionary<string, string?> Workspace, string? Broken)? found = cached is null ? null : Inspect(unit, cached);
        var from = UnitDecision.Local;
        // A local miss (or a broken local result) asks the remote build cache, whose blobs arrive verified.
        if (found?.Broken is not null || cached is null)
        {
            if (_options.Remote is { } remote && !IsPlan && remote.Fetch(key, stage.Name, unit.Name, _store.Value) is { } fetched)
            {
                _runs.Put(key, fetched);
                (cached, found, from) = (fetched, Inspect(unit, fetched), UnitDecision.Remote);
            }
            else if (_options.Remote is { } planned && IsPlan && cached is null && planned.Has(key))
            {
                MarkPending(unit, $"will come from remote cache '{planned.Name}'");
                return (Decision(stage, unit, UnitDecision.UpToDate, $"would come from remote cache '{planned.Name}'", key, clock, UnitDecision.Remote), record);
            }
        }
        var broken = found?.Broken;
        if (cached is not null && broken is null)
        {
            var restored = RestoreOutputs(cached, found!.Value.Workspace);
            var reason = from == UnitDecision.Remote ? $"from remote cache '{_options.Remote!.Name}'"
                : restored.Count > 0 ? $"restored {string.Join(", ", restored)} from cache"
                : same ? "unchanged"
                : $"found in cache ({why ?? "same inputs"})";
            return (Decision(stage, unit, UnitDecision.UpToDate, reason, key, clock, from),
                record with { Outputs = cached.Outputs, Stamp = StampOf(unit, cached.Outputs) });
        }

        var because = why ?? (broken is not null ? $"cached {broken}" : "no cached result for this key");
        IReadOnlyDictionary<string, string>? outputs = null;
        if (IsPlan) MarkPending(unit);
        else outputs = Execute(stage, unit with { InputHashes = inputs, InputBytes = read }, key);
        return (Decision(stage, unit, UnitDecision.Ran, because, key, clock),
            record with { Outputs = outputs, Stamp = outputs is null ? null : StampOf(unit, outputs) });
    }

    private string HashInput(
        IStage stage, StageUnit unit, string name, ref Dictionary<string, ReadOnlyMemory<byte>>? read, ref List<byte[]>? rented)
    {
        if (_known.TryGetValue(name, out var known)) return known.Hash;
        var path = _workspace.Resolve(name);
        var hash = HashOfInput(path, stage.SharesInputBytesUpTo, out var stat, out var trusted, out var bytes, out var array)
            ?? throw new WorkflowException(
                $"{stage.Name}[{unit.Name}]: input {name} does not exist ({path}); " +
                $"run the stages before {stage.Name} (without --exclusive) to build it.");
        if (array is not null)
        {
            (rented ??= []).Add(array);
            (read ??= new(StringComparer.Ordinal))[name] = bytes;
        }
        _known[name] = new Known(hash, trusted ? stat : null);
        return hash;
    }

    // A file the stage will read whole anyway (up to `limit` bytes) is read once: hashed here, its bytes kept for the
    // stage (in an array rented from the shared pool) when it had to be read at all.
    private string? HashOfInput(string path, int limit, out FileStat? stat, out bool trusted, out ReadOnlyMemory<byte> bytes, out byte[]? array)
    {
        (bytes, array) = (default, null);
        if (limit <= 0) return _store.Value.HashOfFile(path, out stat, out trusted);
        { // a block of its own: the lambda's captured locals are allocated on this path only
            ReadOnlyMemory<byte> kept = default;
            byte[]? rented = null;
            var hash = _store.Value.HashOfFile(path, file => ContentHash.OfFile(file, limit, out kept, out rented), out stat, out trusted);
            (bytes, array) = (kept, rented);
            return hash;
        }
    }

    /// <summary>
    /// The unit's last key when its <see cref="UnitStamp"/> says none of its files changed since its hashes were last
    /// known (and its version and parameters are the same); null when it must be decided the long way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Unchanged(IStage stage, StageUnit unit, HistoryEntry? last)
    {
        if (_options.Verify || last is not { Stamp: { } stamp } || last.Version != stage.Version
            || !CacheKey.SameParameters(last.Parameters, unit.Parameters)) return null;
        var hashes = new string[unit.Outputs.Count];
        try
        {
            for (var i = 0; i < hashes.Length; i++)
            {
                if (last.OutputHash(unit.Outputs[i]) is not { } hash) return null;
                hashes[i] = hash;
            }
        }
        catch (FormatException)
        {
            return null;
        }
        var now = new UnitStamp();
        foreach (var name in unit.Inputs)
        {
            var known = !_known.IsEmpty && _known.TryGetValue(name, out var k) ? k : default;
            // An input an earlier unit of this plan would rebuild is not what the stamp saw.
            if (known.Hash == Pending) return null;
            // An earlier stage's output was statted (or written) moments ago in this build: not again.
            now.Add(name, known.Stat ?? FileStat.Of(_workspace.Resolve(name)));
        }
        var stats = new FileStat?[unit.Outputs.Count];
        for (var i = 0; i < unit.Outputs.Count; i++)
        {
            var hash = hashes[i];
            stats[i] = FileStat.Of(_workspace.Resolve(unit.Outputs[i]), out var links);
            now.Add(unit.Outputs[i], stats[i], links);
            if (stats[i] is { } stat && !UnitStamp.VouchesForBlob(stat, links)) now.Add(hash, FileStat.Of(ObjectStore.PathOf(_objects, hash)));
        }
        if (!now.Matches(stamp)) return null;
        for (var i = 0; i < unit.Outputs.Count; i++) _known[unit.Outputs[i]] = new Known(hashes[i], stats[i]);
        return last.Key;
    }

    /// <summary>
    /// The stamp of a unit just decided the long way: from the stats under which its inputs' and outputs' hashes were
    /// obtained; null when one was not trusted (e.g. written within the state cache's racy window) or in --verify.
    /// </summary>
    private string? StampOf(StageUnit unit, IReadOnlyDictionary<string, string> outputs)
    {
        if (IsPlan || _options.Verify) return null;
        var stamp = new UnitStamp();
        foreach (var name in unit.Inputs)
        {
            if (_known.TryGetValue(name, out var known) && known.Stat is { } stat) stamp.Add(name, stat);
            else stamp.Break();
        }
        foreach (var name in unit.Outputs)
        {
            if (!outputs.TryGetValue(name, out var hash) || !_known.TryGetValue(name, out var known) || known.Stat is not { } trusted
                || FileStat.Of(_workspace.Resolve(name), out var links) != trusted)
            {
                stamp.Break();
                continue;
            }
            stamp.Add(name, trusted, links);
            var blobPath = ObjectStore.PathOf(_objects, hash);
            var blob = FileStat.Of(blobPath);
            if (UnitStamp.VouchesForBlob(trusted, links) ? blob?.Inode != trusted.Inode
                : blob is not { } b || _state.Value.Lookup(blobPath, b) != hash) stamp.Break();
            else if (!UnitStamp.VouchesForBlob(trusted, links)) stamp.Add(hash, blob);
        }
        return stamp.Finish();
    }

    // The file's hash, and its stat with it into the next stamps when the state cache vouches for the pair.
    private void Remember(string name, string hash)
    {
        var vouched = _store.Value.HashOfFile(_workspace.Resolve(name), out var stat, out var trusted) == hash && trusted;
        _known[name] = new Known(hash, vouched ? stat : null);
    }

    /// <summary>
    /// What the workspace holds for each output of a cached result (its hash, null when absent), and why the result
    /// cannot be used: null when it names exactly the unit's outputs and every blob verifies.
    /// </summary>
    private (Dictionary<string, string?> Workspace, string? Broken) Inspect(StageUnit unit, RunCacheEntry entry)
    {
        var workspace = new Dictionary<string, string?>(entry.Outputs.Count, StringComparer.Ordinal);
        var stats = new Dictionary<string, FileStat?>(entry.Outputs.Count, StringComparer.Ordinal);
        foreach (var (name, hash) in entry.Outputs)
        {
            workspace[name] = _store.Value.HashOfFile(_workspace.Resolve(name), out var stat, out var trusted);
            stats[name] = stat;
            if (trusted && workspace[name] == hash) _known[name] = new Known(hash, stat);
        }
        var missing = unit.Outputs.FirstOrDefault(o => !entry.Outputs.ContainsKey(o));
        if (missing is not null) return (workspace, $"result lacks {missing}");
        // A blob hard-linked to an output found intact is vouched for by that output's stat.
        var corrupt = entry.Outputs.FirstOrDefault(o => !_store.Value.Verify(o.Value, workspace[o.Key] == o.Value ? stats[o.Key] : null));
        return (workspace, corrupt.Key is null ? null : $"copy of {corrupt.Key} is missing or corrupt");
    }

    /// <summary>Puts back outputs deleted or edited by hand; returns what it restored (or would, in a plan).</summary>
    private List<string> RestoreOutputs(RunCacheEntry entry, Dictionary<string, string?> workspace)
    {
        var restored = new List<string>();
        foreach (var (name, hash) in entry.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var state = workspace[name] is not { } actual ? "deleted" : actual != hash ? "edited" : null;
            if (state is not null) restored.Add($"{name} ({state})");
            if (state is not null && !IsPlan)
            {
                _store.Value.Restore(hash, _workspace.Resolve(name));
                Remember(name, hash);
            }
            // An output found intact is known already, with its stat when Inspect could vouch for it.
            else if (!_known.TryGetValue(name, out var known) || known.Hash != hash) _known[name] = new Known(hash, null);
        }
        return restored;
    }

    private SortedDictionary<string, string> Execute(IStage stage, StageUnit unit, string key)
    {
        // An old output may be a hard link to a blob: unlink it first, so no stage can write through it.
        foreach (var path in unit.Outputs.Select(_workspace.Resolve)) AtomicFile.DeleteIfPresent(path);
        var written = stage.RunHashed(unit, _workspace);
        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in unit.Outputs)
        {
            var path = _workspace.Resolve(name);
            string hash;
            try
            {
                hash = written is not null && written.TryGetValue(name, out var known) ? known : ContentHash.OfFile(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new InvalidOperationException($"{stage.Name}[{unit.Name}] did not write its output {name}.");
            }
            outputs[name] = _store.Value.Put(path, hash);
            Remember(name, outputs[name]);
        }
        var entry = new RunCacheEntry(stage.Name, unit.Name, outputs);
        _runs.Put(key, entry);
        _options.Remote?.Enqueue(key, entry, _store.Value);
        return outputs;
    }

    private static bool SameInputs(SortedDictionary<string, string> before, SortedDictionary<string, string> now)
    {
        if (before.Count != now.Count) return false;
        using var a = before.GetEnumerator();
        using var b = now.GetEnumerator();
        while (a.MoveNext() && b.MoveNext())
        {
            if (a.Current.Key != b.Current.Key || a.Current.Value != b.Current.Value) return false;
        }
        return true;
    }

    private void MarkPending(StageUnit unit, string? why = null)
    {
        foreach (var name in unit.Outputs)
        {
            _known[name] = new Known(Pending, null);
            if (why is not null) _pendingWhy[name] = why;
        }
    }

    private readonly record struct Known(string Hash, FileStat? Stat);

    private static UnitDecision Decision(IStage stage, StageUnit unit, string status, string reason, string key, long clock, string? from = null) =>
        new(stage.Name, unit.Name, status, unit.Note is null ? reason : $"{reason}; {unit.Note}", key, Seconds(clock), from);

    private static double Seconds(long since) => Math.Round(Stopwatch.GetElapsedTime(since).TotalSeconds, 3);
}
