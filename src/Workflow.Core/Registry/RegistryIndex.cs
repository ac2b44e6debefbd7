namespace Workflow.Registry;

/// <summary>
/// <c>index.json</c>: every model, its versions and aliases. Rewritten whole (temp file + rename) under the
/// registry lock, so a reader always sees one complete index, never a half-written one.
/// <code>
/// { "formatVersion": 1,
///   "models": { "spoken-digits": { "nextVersion": 3, "aliases": { "prod": 2 }, "versions": [ { "model": …, "version": 1, … } ] } } }
/// </code>
/// </summary>
public sealed record RegistryIndex(int FormatVersion, IReadOnlyDictionary<string, ModelEntry> Models)
{
    public const int CurrentFormatVersion = 1;

    public static RegistryIndex Empty { get; } = new(CurrentFormatVersion, new SortedDictionary<string, ModelEntry>(StringComparer.Ordinal));

    public ModelEntry EntryOf(string model) => Models.TryGetValue(model, out var entry) ? entry : ModelEntry.Empty;

    public RegistryIndex With(string model, ModelEntry entry)
    {
        var models = new SortedDictionary<string, ModelEntry>(Models.ToDictionary(), StringComparer.Ordinal) { [model] = entry };
        return this with { Models = models };
    }

    [Newtonsoft.Json.JsonIgnore]
    public IEnumerable<ModelVersion> AllVersions => Models.Values.SelectMany(m => m.Versions);
}
