namespace Workflow.Packaging;

/// <summary>
/// <c>package.json</c> inside the package zip: what a consumer needs to use the models (classes, feature and model
/// settings) and the SHA-256 of every other entry; for a fine-tuned model also <c>base</c>, the version it was adapted
/// from (absent otherwise).
/// </summary>
public sealed record PackageManifest(
    int FormatVersion,
    string Model,
    IReadOnlyList<string> Classes,
    Newtonsoft.Json.Linq.JObject Settings,
    IReadOnlyDictionary<string, string> Files,
    [property: Newtonsoft.Json.JsonProperty(NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore)] Registry.BaseVersion? Base = null);
