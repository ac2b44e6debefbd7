using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Workflow.Cache;

/// <summary>
/// Canonical JSON: object keys sorted ordinally at every depth, no whitespace, invariant number formatting.
/// Two equal values always give the same bytes, so the text can be hashed into a key.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(object? value)
    {
        var token = value as JToken ?? (value is null ? JValue.CreateNull() : JToken.FromObject(value, Serializer));
        return Sort(token).ToString(Formatting.None);
    }

    public static string Hash(object? value) => ContentHash.OfText(Serialize(value));

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        Culture = System.Globalization.CultureInfo.InvariantCulture,
        ContractResolver = new Newtonsoft.Json.Serialization.CamelCasePropertyNamesContractResolver(),
    });

    private static JToken Sort(JToken token) => token switch
    {
        JObject obj => new JObject(obj.Properties()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new JProperty(p.Name, Sort(p.Value)))),
        JArray array => new JArray(array.Select(Sort)),
        _ => token.DeepClone(),
    };
}
