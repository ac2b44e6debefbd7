using Newtonsoft.Json;
using Workflow.Cache;

namespace Workflow.Registry;

/// <summary>
/// Which version this machine pulled for each reference of a registry: <c>pulled.json</c> in the registry's
/// <see cref="RegistryAddress.StateDirectory"/>, <c>{"spoken-digits@prod": {"version": 3, "packageSha256": "…"}}</c>.
/// <c>outdated</c> compares it with where the references point now.
/// </summary>
internal sealed class PulledVersions(string stateDirectory)
{
    public sealed record Pulled(int Version, string PackageSha256);

    private string FilePath => Path.Combine(stateDirectory, "pulled.json");

    public IReadOnlyDictionary<string, Pulled> Read()
    {
        if (!File.Exists(FilePath)) return new SortedDictionary<string, Pulled>(StringComparer.Ordinal);
        try
        {
            return JsonConvert.DeserializeObject<SortedDictionary<string, Pulled>>(File.ReadAllText(FilePath))
                ?? new SortedDictionary<string, Pulled>(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{FilePath} is not valid ({e.Message}); delete it and pull again.", inner: e);
        }
    }

    public void Record(IEnumerable<(string Reference, ModelVersion Version)> pulled)
    {
        var all = new SortedDictionary<string, Pulled>(Read().ToDictionary(), StringComparer.Ordinal);
        foreach (var (reference, version) in pulled) all[reference] = new Pulled(version.Version, version.PackageSha256);
        AtomicFile.WriteAllText(FilePath, JsonConvert.SerializeObject(all, Formatting.Indented));
    }
}
