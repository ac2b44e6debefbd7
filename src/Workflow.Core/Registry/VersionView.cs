using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Workflow.Pipeline;

namespace Workflow.Registry;

/// <summary>A version together with the aliases that point at it now: what <c>list</c> and <c>show</c> print.</summary>
public sealed record VersionView(ModelVersion Version, IReadOnlyList<string> Aliases)
{
    /// <summary>The version's fields with <c>reference</c> and <c>aliases</c> added, for <c>--json</c>.</summary>
    public JObject ToJson()
    {
        var json = JObject.FromObject(Version, JsonSerializer.Create(Json.Settings));
        json["aliases"] = new JArray(Aliases);
        return json;
    }
}
