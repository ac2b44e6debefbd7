using Newtonsoft.Json;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// The last key ingredients of every unit of one stage (<c>.workflow/state/&lt;Stage&gt;.json</c>). Used only to
/// say why a unit runs; correctness never depends on it, so an unreadable file just means "no previous run".
/// </summary>
public sealed class UnitHistory
{
    private readonly string _path;
    private readonly SortedDictionary<string, UnitRecord> _records;

    private UnitHistory(string path, SortedDictionary<string, UnitRecord> records)
    {
        _path = path;
        _records = records;
    }

    public static UnitHistory Load(string directory, string stage)
    {
        var path = Path.Combine(directory, stage + ".json");
        SortedDictionary<string, UnitRecord>? records = null;
        if (File.Exists(path))
        {
            try
            {
                records = JsonConvert.DeserializeObject<SortedDictionary<string, UnitRecord>>(File.ReadAllText(path));
            }
            catch (JsonException)
            {
                records = null;
            }
        }
        return new UnitHistory(path, records ?? new SortedDictionary<string, UnitRecord>(StringComparer.Ordinal));
    }

    public UnitRecord? Get(string unit) => _records.GetValueOrDefault(unit);

    /// <summary>Replaces the stage's history with exactly the units of this build.</summary>
    public void Save(IEnumerable<KeyValuePair<string, UnitRecord>> records) =>
        AtomicFile.WriteAllText(_path, JsonConvert.SerializeObject(
            new SortedDictionary<string, UnitRecord>(records.ToDictionary(), StringComparer.Ordinal), Formatting.Indented));
}
