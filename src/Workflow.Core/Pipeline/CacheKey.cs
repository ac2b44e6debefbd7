using System.Runtime.CompilerServices;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// A unit's key: the SHA-256 of the canonical JSON
/// <c>{"inputs":[[name,hash],…],"parameters":{…},"stage":…,"unit":…,"version":…}</c> (keys sorted, inputs sorted by
/// name). Written out directly rather than through a JObject, and each parameter set serialised once, because a stage
/// may have 100,000 units that share one; the bytes are exactly <see cref="CanonicalJson"/>'s (a test holds it to that).
/// </summary>
public static class CacheKey
{
    private static readonly ConditionalWeakTable<JObject, string> CanonicalParameters = [];

    public static string Of(IStage stage, StageUnit unit, SortedDictionary<string, string> inputs)
    {
        var text = new StringBuilder(128 + inputs.Count * 100);
        text.Append("{\"inputs\":[");
        var first = true;
        foreach (var (name, hash) in inputs)
        {
            if (!first) text.Append(',');
            first = false;
            text.Append('[').Append(JsonConvert.ToString(name)).Append(',').Append(JsonConvert.ToString(hash)).Append(']');
        }
        text.Append("],\"parameters\":").Append(Canonical(unit.Parameters))
            .Append(",\"stage\":").Append(JsonConvert.ToString(stage.Name))
            .Append(",\"unit\":").Append(JsonConvert.ToString(unit.Name))
            .Append(",\"version\":").Append(stage.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append('}');
        return ContentHash.OfText(text.ToString());
    }

    /// <summary>The canonical JSON of a parameter set, serialised once per instance.</summary>
    public static string Canonical(JObject parameters) => CanonicalParameters.GetValue(parameters, p => CanonicalJson.Serialize(p));

    /// <summary>True when both parameter sets have the same canonical JSON.</summary>
    public static bool SameParameters(JObject a, JObject b) => ReferenceEquals(a, b) || Canonical(a) == Canonical(b);

    /// <summary>Records the canonical text a parameter set was read from, so it need not be serialised again.</summary>
    internal static void Remember(JObject parameters, string canonical) => CanonicalParameters.AddOrUpdate(parameters, canonical);
}
