using System.Collections.Concurrent;
using System.Diagnostics;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// The only code that knows the cache. For each unit of a stage it hashes the inputs, builds the key, and either
/// restores the outputs from the store (a hit: every output blob exists and verifies) or runs the unit and stores
/// what it wrote. Outputs' hashes feed the keys of later stages, so identical bytes stop a rebuild there.
/// In plan mode nothing is run, restored or recorded: outputs of units that would run are marked pending.
/// </summary>
public sealed class StageRunner(Workspace workspace, bool plan = false)
{
    private const string Pending = "pending";
    private readonly ObjectStore _store = new(Path.Combine(workspace.Internal, "cache", "objects"));
    private readonly RunCache _runs = new(Path.Combine(workspace.Internal, "cache", "runs"));
    private readonly string _stateDirectory = Path.Combine(workspace.Internal, "state");
    private readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _pendingWhy = new(StringComparer.Ordinal);

    public bool IsPlan { get; } = plan;

    /// <summary>Hashes of every input read and output produced or verified so far in this build.</summary>
    public IReadOnlyDictionary<string, string> Hashes => _hashes;

    public IReadOnlyList<UnitDecision> Run(IStage stage)
    {
        var history = UnitHistory.Load(_stateDirectory, stage.Name);
        var units = stage.Units();
        var decisions = new UnitDecision[units.Count];
        var records = new UnitRecord[units.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = stage.RunsInParallel ? Environment.ProcessorCount : 1 };
        // Every unit is tried, so one build lists every bad input rather than the first.
        var failures = new ConcurrentBag<string>();
        Parallel.For(0, units.Count, options, i =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                (decisions[i], records[i]) = Decide(stage, units[i], history.Get(units[i].Name));
            }
            catch (WorkflowException e)
            {
                failures.Add(e.Message);
                decisions[i] = new UnitDecision(stage.Name, units[i].Name, UnitDecision.Skipped, e.Message, "", Math.Round(clock.Elapsed.TotalSeconds, 3));
            }
        });
        if (!IsPlan)
            history.Save(units.Select((u, i) => KeyValuePair.Create(u.Name, records[i])).Where(r => r.Value is not null));
        if (!failures.IsEmpty && !stage.SkipsFailedUnits) throw Failed(stage, units.Count, [.. failures]);
        return decisions;
    }

    /// <summary>The key each unit of these stages had in its last build, in stage then unit order.</summary>
    public IReadOnlyList<Packaging.UnitKey> LastKeys(IEnumerable<IStage> stages) => stages
        .SelectMany(stage =>
        {
            var history = UnitHistory.Load(_stateDirectory, stage.Name);
            return stage.Units().Select(unit => new Packaging.UnitKey(stage.Name, unit.Name, history.Get(unit.Name)?.Key ?? "none"));
        })
        .ToList();

    /// <summary>Marks inputs that do not exist yet but will (e.g. files FetchData would fetch), for plans.</summary>
    public void MarkPending(IEnumerable<string> names, string why)
    {
        foreach (var name in names)
        {
            _hashes[name] = Pending;
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
        var clock = Stopwatch.StartNew();
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in unit.Inputs) inputs[name] = HashInput(stage, unit, name);
        var key = KeyOf(stage, unit, inputs);
        var record = new UnitRecord(key, stage.Version, unit.Parameters, inputs);
        var why = ChangeExplainer.Explain(previous, record);

        var pendingInput = inputs.FirstOrDefault(i => i.Value == Pending).Key;
        if (pendingInput is not null)
        {
            MarkPending(unit);
            return (Decision(stage, unit, UnitDecision.Ran, $"input {pendingInput} {_pendingWhy.GetValueOrDefault(pendingInput, "will be rebuilt")}", key, clock), record);
        }

        var cached = _runs.TryGet(key, out var entry) ? entry : null;
        var broken = cached is null ? null : BrokenOutput(unit, cached);
        if (cached is not null && broken is null)
        {
            var restored = RestoreOutputs(cached);
            var reason = restored.Count > 0 ? $"restored {string.Join(", ", restored)} from cache"
                : previous?.Key == key ? "unchanged"
                : $"found in cache ({why ?? "same inputs"})";
            return (Decision(stage, unit, UnitDecision.UpToDate, reason, key, clock), record);
        }

        var because = why ?? (broken is not null ? $"cached {broken}" : "no cached result for this key");
        if (IsPlan) MarkPending(unit);
        else Execute(stage, unit, key);
        return (Decision(stage, unit, UnitDecision.Ran, because, key, clock), record);
    }

    private string HashInput(IStage stage, StageUnit unit, string name)
    {
        if (_hashes.TryGetValue(name, out var known)) return known;
        var path = workspace.Resolve(name);
        if (!File.Exists(path))
            throw new WorkflowException(
                $"{stage.Name}[{unit.Name}]: input {name} does not exist ({path}); " +
                $"run the stages before {stage.Name} (without --exclusive) to build it.");
        return _hashes[name] = ContentHash.OfFile(path);
    }

    private static string KeyOf(IStage stage, StageUnit unit, SortedDictionary<string, string> inputs) =>
        CanonicalJson.Hash(new JObject
        {
            ["stage"] = stage.Name,
            ["version"] = stage.Version,
            ["unit"] = unit.Name,
            ["parameters"] = unit.Parameters.DeepClone(), // adding the original would re-parent it
            ["inputs"] = new JArray(inputs.Select(i => new JArray(i.Key, i.Value))),
        });

    /// <summary>Null when the entry names exactly the unit's outputs and every blob verifies.</summary>
    private string? BrokenOutput(StageUnit unit, RunCacheEntry entry)
    {
        var missing = unit.Outputs.FirstOrDefault(o => !entry.Outputs.ContainsKey(o));
        if (missing is not null) return $"result lacks {missing}";
        var corrupt = entry.Outputs.FirstOrDefault(o => !_store.Verify(o.Value));
        return corrupt.Key is null ? null : $"copy of {corrupt.Key} is missing or corrupt";
    }

    /// <summary>Puts back outputs deleted or edited by hand; returns what it restored (or would, in a plan).</summary>
    private List<string> RestoreOutputs(RunCacheEntry entry)
    {
        var restored = new List<string>();
        foreach (var (name, hash) in entry.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var path = workspace.Resolve(name);
            var state = !File.Exists(path) ? "deleted" : ContentHash.OfFile(path) != hash ? "edited" : null;
            if (state is not null)
            {
                if (!IsPlan) _store.Restore(hash, path);
                restored.Add($"{name} ({state})");
            }
            _hashes[name] = hash;
        }
        return restored;
    }

    private void Execute(IStage stage, StageUnit unit, string key)
    {
        stage.Run(unit, workspace);
        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in unit.Outputs)
        {
            var path = workspace.Resolve(name);
            if (!File.Exists(path))
                throw new InvalidOperationException($"{stage.Name}[{unit.Name}] did not write its output {name}.");
            outputs[name] = _hashes[name] = _store.Put(path);
        }
        _runs.Put(key, new RunCacheEntry(stage.Name, unit.Name, outputs));
    }

    private void MarkPending(StageUnit unit)
    {
        foreach (var name in unit.Outputs) _hashes[name] = Pending;
    }

    private static UnitDecision Decision(IStage stage, StageUnit unit, string status, string reason, string key, Stopwatch clock) =>
        new(stage.Name, unit.Name, status, reason, key, Math.Round(clock.Elapsed.TotalSeconds, 3));
}
