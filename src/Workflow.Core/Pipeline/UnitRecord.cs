using Newtonsoft.Json.Linq;

namespace Workflow.Pipeline;

/// <summary>
/// What a unit's key was made of last time, the outputs that key produced, and the <see cref="UnitStamp"/> of its
/// files then: explains the next decision, and lets an unchanged unit be checked by stat alone.
/// </summary>
public sealed record UnitRecord(
    string Key,
    int Version,
    JObject Parameters,
    SortedDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string>? Outputs = null,
    string? Stamp = null);
