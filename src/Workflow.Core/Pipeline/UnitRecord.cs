using Newtonsoft.Json.Linq;

namespace Workflow.Pipeline;

/// <summary>What a unit's key was made of last time, kept only to explain the next decision.</summary>
public sealed record UnitRecord(string Key, int Version, JObject Parameters, SortedDictionary<string, string> Inputs);
