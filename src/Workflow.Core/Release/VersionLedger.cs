using Newtonsoft.Json;
using Workflow.Cache;

namespace Workflow.Release;

/// <summary>
/// <c>.workflow/release/versions.json</c>: every release version this workspace has produced and the sha256 of its
/// nupkg. A version is a promise about bytes: a consumer that restored 1.0.3 once must never get other bytes under
/// that number, so a Release that would give a recorded version new bytes fails instead.
/// </summary>
public sealed class VersionLedger(string path)
{
    public const string RelativePath = ".workflow/release/versions.json";

    public string Path => path;

    /// <summary>Records <paramref name="version"/> as <paramref name="sha256"/>, or fails if it is recorded as other bytes.</summary>
    public void Record(string packageId, string version, string sha256)
    {
        var versions = Read();
        var key = $"{packageId}/{version}";
        if (versions.TryGetValue(key, out var recorded))
        {
            if (recorded == sha256) return;
            throw new WorkflowException(
                $"Release: version {version} of {packageId} was already produced with other bytes (nupkg sha256 {recorded}, now {sha256}; recorded in {RelativePath}), " +
                "and one version must never name two packages. Register the new package (the Register target) so it gets a new patch, or bump model.version in config/workflow.json.");
        }
        versions[key] = sha256;
        AtomicFile.WriteAllText(path, JsonConvert.SerializeObject(new SortedDictionary<string, string>(versions, StringComparer.Ordinal), Formatting.Indented) + "\n");
    }

    private Dictionary<string, string> Read()
    {
        if (!File.Exists(path)) return new(StringComparer.Ordinal);
        try
        {
            return JsonConvert.DeserializeObject<Dictionary<string, string>>(File.ReadAllText(path)) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{RelativePath} is not valid JSON ({e.Message}); restore it from a backup, or delete it to forget which bytes earlier versions had.");
        }
    }
}
