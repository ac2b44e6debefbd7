using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Registry;

/// <summary>
/// Reads a version's lineage from the build's <c>artifacts/manifest.json</c>, which must list the very package being
/// registered (by SHA-256): a manifest of another build would record the wrong data and commit.
/// </summary>
internal static class ManifestLineage
{
    public static VersionLineage Read(string manifestPath, string packageSha256)
    {
        if (!File.Exists(manifestPath))
            throw new WorkflowException($"{manifestPath} does not exist; write it with ./build.sh --target=WriteManifest.");
        JObject json;
        try
        {
            json = JObject.Parse(File.ReadAllText(manifestPath));
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{manifestPath} is not valid JSON ({e.Message}); rewrite it with ./build.sh --target=WriteManifest.", inner: e);
        }
        var listed = json["artifacts"] is JArray artifacts && artifacts.Any(a => a.Value<string>("sha256") == packageSha256);
        if (!listed)
            throw new WorkflowException(
                $"{manifestPath} does not list a package with sha256 {ContentHash.Short(packageSha256)}, so it describes another build; run ./build.sh --target=WriteManifest so the manifest and the package come from the same build.");
        return new VersionLineage(
            ContentHash.OfFile(manifestPath),
            Require(json, manifestPath, "data.md5"),
            Require(json, manifestPath, "data.source"),
            Require(json, manifestPath, "configHash"),
            Require(json, manifestPath, "git.commit"),
            json.SelectToken("git.dirty")?.Value<bool?>() ?? false,
            new SortedDictionary<string, string>(json["tools"]?.ToObject<Dictionary<string, string>>() ?? [], StringComparer.Ordinal),
            BaseOf(json, manifestPath));
    }

    /// <summary>The fine-tuned model's base version (<c>base</c>: reference, version, sha256), or null when there is none.</summary>
    private static BaseVersion? BaseOf(JObject json, string path)
    {
        if (json["base"] is not JObject based) return null;
        return new BaseVersion(Require(json, path, "base.reference"), Require(json, path, "base.version"), Require(json, path, "base.sha256"));
    }

    private static string Require(JObject json, string path, string field) =>
        json.SelectToken(field)?.Value<string>()
        ?? throw new WorkflowException($"{path} has no '{field}'; it is not a manifest written by the WriteManifest target.");
}
