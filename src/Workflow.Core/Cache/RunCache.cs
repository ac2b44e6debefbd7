using Newtonsoft.Json;

namespace Workflow.Cache;

/// <summary>
/// Maps a unit key to the outputs it produced (<c>&lt;root&gt;/&lt;2 hex&gt;/&lt;key&gt;.json</c>), like DVC's run cache.
/// An unreadable entry is a miss, never a crash.
/// </summary>
public sealed class RunCache(string root)
{
    public bool TryGet(string key, out RunCacheEntry entry)
    {
        entry = null!;
        var path = PathOf(key);
        if (!File.Exists(path)) return false;
        try
        {
            entry = JsonConvert.DeserializeObject<RunCacheEntry>(File.ReadAllText(path))!;
            return entry?.Outputs is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public void Put(string key, RunCacheEntry entry) =>
        AtomicFile.WriteAllText(PathOf(key), JsonConvert.SerializeObject(entry, Formatting.Indented));

    private string PathOf(string key) => Path.Combine(root, key[..2], key + ".json");
}
