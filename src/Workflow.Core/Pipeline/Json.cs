using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Workflow.Pipeline;

/// <summary>The one JSON style of files we write for people to read: indented, camelCase, trailing newline.</summary>
public static class Json
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        Formatting = Formatting.Indented,
        ContractResolver = new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } },
        Culture = System.Globalization.CultureInfo.InvariantCulture,
    };

    public static string Serialize(object value) => JsonConvert.SerializeObject(value, Settings) + "\n";
}
