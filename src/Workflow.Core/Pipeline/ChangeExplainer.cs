using Newtonsoft.Json.Linq;

namespace Workflow.Pipeline;

/// <summary>Turns the difference between a unit's previous and current key ingredients into one short reason.</summary>
public static class ChangeExplainer
{
    /// <summary>Null when nothing that goes into the key differs.</summary>
    public static string? Explain(UnitRecord? previous, UnitRecord current)
    {
        if (previous is null) return "no previous run";
        if (previous.Version != current.Version)
            return $"stage version changed ({previous.Version} → {current.Version})";

        var parameters = CacheKey.SameParameters(previous.Parameters, current.Parameters)
            ? [] : ParameterChanges(previous.Parameters, current.Parameters);
        var reasons = parameters
            .Concat(InputChanges(previous.Inputs, current.Inputs))
            .ToList();
        return reasons.Count switch
        {
            0 => null,
            1 => reasons[0],
            _ => $"{reasons[0]} (+{reasons.Count - 1} more)",
        };
    }

    private static IEnumerable<string> ParameterChanges(JObject before, JObject after)
    {
        var old = Flatten(before);
        var now = Flatten(after);
        foreach (var name in old.Keys.Union(now.Keys).OrderBy(n => n, StringComparer.Ordinal))
        {
            var was = old.GetValueOrDefault(name, "(unset)");
            var @is = now.GetValueOrDefault(name, "(unset)");
            if (was != @is) yield return $"parameter {name} changed ({was} → {@is})";
        }
    }

    private static IEnumerable<string> InputChanges(
        IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        foreach (var (name, hash) in after)
        {
            if (!before.TryGetValue(name, out var old)) yield return $"input {name} added";
            else if (old != hash) yield return $"input {name} changed";
        }
        foreach (var name in before.Keys.Where(n => !after.ContainsKey(n)))
            yield return $"input {name} removed";
    }

    /// <summary>Leaf values by dotted path relative to <paramref name="parameters"/> (e.g. <c>train.seed</c>).</summary>
    private static Dictionary<string, string> Flatten(JObject parameters)
    {
        var prefix = parameters.Path.Length == 0 ? 0 : parameters.Path.Length + 1;
        return parameters.Descendants()
            .OfType<JValue>()
            .ToDictionary(v => v.Path[prefix..], v => v.ToString(Newtonsoft.Json.Formatting.None), StringComparer.Ordinal);
    }
}
