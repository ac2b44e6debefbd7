namespace Workflow.Registry;

/// <summary>
/// A model in the index: its versions (ascending), its aliases (alias → version) and the next version number.
/// Numbers are never reused, so <c>name/3</c> names the same bytes for as long as it exists.
/// </summary>
public sealed record ModelEntry(
    int NextVersion,
    IReadOnlyDictionary<string, int> Aliases,
    IReadOnlyList<ModelVersion> Versions)
{
    public static ModelEntry Empty { get; } = new(1, new SortedDictionary<string, int>(StringComparer.Ordinal), []);

    public ModelVersion? Find(int version) => Versions.FirstOrDefault(v => v.Version == version);

    public IReadOnlyList<string> AliasesOf(int version) =>
        Aliases.Where(a => a.Value == version).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();

    public ModelEntry WithVersion(ModelVersion version) =>
        this with { Versions = [.. Versions.Where(v => v.Version != version.Version), version], NextVersion = Math.Max(NextVersion, version.Version + 1) };

    public ModelEntry WithoutVersion(int version) => this with { Versions = Versions.Where(v => v.Version != version).ToList() };

    public ModelEntry WithAlias(string alias, int? version)
    {
        var aliases = new SortedDictionary<string, int>(Aliases.ToDictionary(), StringComparer.Ordinal);
        if (version is { } v) aliases[alias] = v;
        else aliases.Remove(alias);
        return this with { Aliases = aliases };
    }
}
