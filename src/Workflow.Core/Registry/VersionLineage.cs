namespace Workflow.Registry;

/// <summary>
/// Where a version came from, taken from the build's <c>artifacts/manifest.json</c>: the manifest's own SHA-256,
/// the data hash (DVC-style md5 of the data folder's listing), the config hash, and the git commit it was built at;
/// for a fine-tuned model also the version it was adapted from (<see cref="Base"/>, null otherwise).
/// </summary>
public sealed record VersionLineage(
    string ManifestSha256,
    string DataHash,
    string DataSource,
    string ConfigHash,
    string GitCommit,
    bool GitDirty,
    IReadOnlyDictionary<string, string> Tools,
    [property: Newtonsoft.Json.JsonProperty(NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore)] BaseVersion? Base = null);
