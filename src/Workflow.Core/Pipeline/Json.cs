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

    /// <summary>Writes what <see cref="Serialize"/> would return to a file, atomically, without building the text in memory.</summary>
    public static void WriteFile(string path, object value) => Cache.AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
        JsonSerializer.Create(Settings).Serialize(writer, value);
        writer.Write('\n');
    });
}
