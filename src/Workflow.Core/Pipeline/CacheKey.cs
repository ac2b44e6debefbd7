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
        text.Append("],\"parameters\":").Append(CanonicalParameters.GetValue(unit.Parameters, p => CanonicalJson.Serialize(p)))
            .Append(",\"stage\":").Append(JsonConvert.ToString(stage.Name))
            .Append(",\"unit\":").Append(JsonConvert.ToString(unit.Name))
            .Append(",\"version\":").Append(stage.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append('}');
        return ContentHash.OfText(text.ToString());
    }
}
