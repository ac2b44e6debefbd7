using Newtonsoft.Json;
using Workflow.Cache;
using Workflow.Pipeline;

namespace Workflow.Registry;

/// <summary>
/// The registry's files, all plain and inspectable:
/// <code>
///   index.json        models → versions (metadata, lineage, metrics, parameters) and aliases; see RegistryIndex
///   aliases.jsonl     append-only history of alias moves, one AliasMove per line
///   blobs/ab/cdef…    package zips, named by the SHA-256 of their bytes
///   registry.lock     held (exclusively) by whichever process is writing
/// </code>
/// Every write is a temp file renamed over the target. Writers hold the lock; readers need none.
/// </summary>
internal sealed class RegistryStorage(string root)
{
    private static readonly JsonSerializerSettings ReadSettings = new()
    {
        ContractResolver = Json.Settings.ContractResolver,
        Culture = System.Globalization.CultureInfo.InvariantCulture,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    public string Root { get; } = root;

    public string IndexPath => Path.Combine(Root, "index.json");

    public string LogPath => Path.Combine(Root, "aliases.jsonl");

    public string LockPath => Path.Combine(Root, "registry.lock");

    public ObjectStore Blobs { get; } = new(Path.Combine(root, "blobs"));

    /// <summary>Display form of a blob's path, relative to the registry.</summary>
    public static string BlobName(string sha256) => $"blobs/{sha256[..2]}/{sha256[2..]}";

    public RegistryIndex ReadIndex()
    {
        if (!File.Exists(IndexPath)) return RegistryIndex.Empty;
        RegistryIndex? index;
        try
        {
            index = JsonConvert.DeserializeObject<RegistryIndex>(File.ReadAllText(IndexPath), ReadSettings);
        }
        catch (JsonException e)
        {
            throw new WorkflowException(
                $"{IndexPath} is not a valid registry index ({e.Message}); restore it from a backup (the packages themselves are in {Path.Combine(Root, "blobs")}).", inner: e);
        }
        if (index is null || index.Models is null)
            throw new WorkflowException($"{IndexPath} is empty; restore it from a backup or delete it to start an empty registry.");
        if (index.FormatVersion != RegistryIndex.CurrentFormatVersion)
            throw new WorkflowException(
                $"{IndexPath} has format version {index.FormatVersion}, but this build reads version {RegistryIndex.CurrentFormatVersion}; use a matching build of Workflow.");
        return index;
    }

    public void WriteIndex(RegistryIndex index) => AtomicFile.WriteAllText(IndexPath, Json.Serialize(index));

    public IReadOnlyList<AliasMove> ReadLog()
    {
        if (!File.Exists(LogPath)) return [];
        var moves = new List<AliasMove>();
        var lines = File.ReadAllLines(LogPath);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                moves.Add(JsonConvert.DeserializeObject<AliasMove>(lines[i], ReadSettings)
                    ?? throw new JsonSerializationException("null entry"));
            }
            catch (JsonException e)
            {
                throw new WorkflowException($"{LogPath} line {i + 1} is not a valid alias move ({e.Message}); remove or repair that line.", inner: e);
            }
        }
        return moves;
    }

    /// <summary>Appends by rewriting the whole log atomically: a crash leaves the old log or the new one, never half a line.</summary>
    public void AppendLog(AliasMove move)
    {
        var existing = File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";
        var line = JsonConvert.SerializeObject(move, Formatting.None, new JsonSerializerSettings
        {
            ContractResolver = Json.Settings.ContractResolver,
            Culture = System.Globalization.CultureInfo.InvariantCulture,
        });
        AtomicFile.WriteAllText(LogPath, existing + line + "\n");
    }
}
