using Newtonsoft.Json.Linq;
using Workflow.Pipeline;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// A small real stage for runner tests: for each input file it writes <c>transform(text) + suffix</c> to
/// <c>artifacts/&lt;stage&gt;/&lt;name&gt;</c>, and counts the units it actually ran.
/// </summary>
public sealed class TextStage(string name, IReadOnlyList<string> inputs, Func<string, string> transform, string suffix = "") : IStage
{
    private int _runs;

    public string Name => name;

    public int Version { get; init; } = 1;

    public bool RunsInParallel => true;

    public bool SkipsFailedUnits { get; init; }

    /// <summary>False for a faulty stage that writes no output at all.</summary>
    public bool WritesOutputs { get; init; } = true;

    public int Runs => _runs;

    /// <summary>As <see cref="IStage.SharesInputBytesUpTo"/>.</summary>
    public int SharesInputBytesUpTo { get; init; }

    /// <summary>The input bytes the runner handed each unit that ran (as text; null when it handed none).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string?> HandedBytes { get; } = new();

    public static string OutputOf(string stage, string input) => $"artifacts/{stage}/{Path.GetFileName(input)}";

    public IReadOnlyList<StageUnit> Units() => inputs
        .Select(i => new StageUnit(Path.GetFileName(i), [i], new JObject { ["text"] = new JObject { ["suffix"] = suffix } }, [OutputOf(name, i)]))
        .ToList();

    public void Run(StageUnit unit, Workspace workspace)
    {
        Interlocked.Increment(ref _runs);
        HandedBytes[unit.Name] = unit.InputBytes?.TryGetValue(unit.Inputs[0], out var bytes) == true
            ? System.Text.Encoding.UTF8.GetString(bytes.Span) : null;
        if (!WritesOutputs) return;
        var output = workspace.Resolve(unit.Outputs[0]);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, transform(File.ReadAllText(workspace.Resolve(unit.Inputs[0]))) + suffix);
    }
}
