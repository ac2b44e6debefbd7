using System.Text;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// The last key ingredients and outputs of every unit of one stage (<c>.workflow/state/&lt;Stage&gt;.history</c>).
/// Used to say why a unit runs, and as a shortcut to a unit's outputs when its key is unchanged; the run cache stays
/// the truth, so an unreadable file just means "no previous run".
/// </summary>
/// <remarks>
/// A line format, so 100,000 units load in a fraction of a second with little memory; each distinct parameter set
/// is written once. UTF-8, LF; names last on their line, with <c>\</c>, LF and CR escaped:
/// <code>
/// workflow-history 2
/// P	{"features":{…}}                 (parameter set 0: canonical JSON)
/// U	&lt;key&gt;	&lt;version&gt;	&lt;parameter set&gt;	&lt;unit name&gt;
/// I	&lt;sha256&gt;	&lt;input name&gt;          (the unit's inputs, then its outputs)
/// O	&lt;sha256&gt;	&lt;output name&gt;
/// </code>
/// </remarks>
public sealed class UnitHistory
{
    private const string Header = "workflow-history 2";
    private readonly string _path;
    private readonly Dictionary<string, UnitRecord> _records;

    private UnitHistory(string path, Dictionary<string, UnitRecord> records)
    {
        _path = path;
        _records = records;
    }

    public static UnitHistory Load(string directory, string stage)
    {
        var path = Path.Combine(directory, stage + ".history");
        var records = new Dictionary<string, UnitRecord>(StringComparer.Ordinal);
        try
        {
            Read(path, records);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException
            or Newtonsoft.Json.JsonException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            records.Clear();
        }
        return new UnitHistory(path, records);
    }

    public UnitRecord? Get(string unit) => _records.GetValueOrDefault(unit);

    public int Count => _records.Count;

    /// <summary>True when <paramref name="current"/> had the same key and outputs as <paramref name="previous"/>.</summary>
    public static bool SameOutcome(UnitRecord? previous, UnitRecord? current) =>
        previous is not null && current is not null && previous.Key == current.Key && previous.Version == current.Version
        && previous.Outputs is { } before && current.Outputs is { } after
        && before.Count == after.Count && before.All(o => after.TryGetValue(o.Key, out var hash) && hash == o.Value);

    /// <summary>Replaces the stage's history with exactly the units of this build.</summary>
    public void Save(IEnumerable<KeyValuePair<string, UnitRecord>> records) => AtomicFile.Write(_path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(Header);
        var sets = new Dictionary<string, int>(StringComparer.Ordinal);
        var byInstance = new Dictionary<JObject, int>(ReferenceEqualityComparer.Instance);
        foreach (var (name, record) in records.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!byInstance.TryGetValue(record.Parameters, out var set))
            {
                var text = CanonicalJson.Serialize(record.Parameters);
                if (!sets.TryGetValue(text, out set))
                {
                    sets[text] = set = sets.Count;
                    writer.WriteLine("P\t" + text);
                }
                byInstance[record.Parameters] = set;
            }
            writer.WriteLine($"U\t{record.Key}\t{record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\t{set.ToString(System.Globalization.CultureInfo.InvariantCulture)}\t{Escape(name)}");
            foreach (var (input, hash) in record.Inputs) writer.WriteLine($"I\t{hash}\t{Escape(input)}");
            foreach (var (output, hash) in record.Outputs ?? new SortedDictionary<string, string>())
                writer.WriteLine($"O\t{hash}\t{Escape(output)}");
        }
    });

    private static void Read(string path, Dictionary<string, UnitRecord> records)
    {
        if (!File.Exists(path)) return;
        using var reader = new StreamReader(path, Encoding.UTF8, false, 1 << 16);
        if (reader.ReadLine() != Header) return;
        var sets = new List<JObject>();
        SortedDictionary<string, string>? outputs = null;
        UnitRecord? current = null;
        while (reader.ReadLine() is { } line)
        {
            var rest = line.AsSpan(2);
            switch (line.Length > 2 && line[1] == '\t' ? line[0] : '?')
            {
                case 'P':
                    var set = JObject.Parse(line[2..]);
                    CacheKey.Remember(set, line[2..]); // its canonical text, so equal sets compare as strings
                    sets.Add(set);
                    break;
                case 'U':
                    var key = Field(ref rest);
                    var version = int.Parse(Field(ref rest), System.Globalization.CultureInfo.InvariantCulture);
                    var parameters = sets[int.Parse(Field(ref rest), System.Globalization.CultureInfo.InvariantCulture)];
                    outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    current = new UnitRecord(key.ToString(), version, parameters, new SortedDictionary<string, string>(StringComparer.Ordinal), outputs);
                    records[Unescape(rest.ToString())] = current;
                    break;
                case 'I' when current is not null:
                    var input = Field(ref rest).ToString();
                    current.Inputs[Unescape(rest.ToString())] = input;
                    break;
                case 'O' when outputs is not null:
                    var output = Field(ref rest).ToString();
                    outputs[Unescape(rest.ToString())] = output;
                    break;
                default:
                    throw new FormatException($"unexpected line in {path}");
            }
        }
    }

    private static ReadOnlySpan<char> Field(ref ReadOnlySpan<char> rest)
    {
        var tab = rest.IndexOf('\t');
        if (tab < 0) throw new FormatException("a history line is missing a field");
        var field = rest[..tab];
        rest = rest[(tab + 1)..];
        return field;
    }

    private static string Escape(string name) =>
        name.AsSpan().IndexOfAny('\\', '\n', '\r') < 0 ? name : name.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string name)
    {
        if (!name.Contains('\\')) return name;
        var text = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != '\\' || i + 1 == name.Length) { text.Append(name[i]); continue; }
            var next = name[++i];
            text.Append(next switch { 'n' => '\n', 'r' => '\r', _ => next });
        }
        return text.ToString();
    }
}
