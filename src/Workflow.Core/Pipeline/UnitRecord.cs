using Newtonsoft.Json.Linq;

namespace Workflow.Pipeline;

/// <summary>
/// What a unit's key was made of last time, and the outputs that key produced: explains the next decision, and lets a
/// unit whose key is unchanged be checked by stat alone, without reading the run cache.
/// </summary>
public sealed record UnitRecord(
    string Key,
    int Version,
    JObject Parameters,
    SortedDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string>? Outputs = null);
