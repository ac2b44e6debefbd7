namespace Workflow.Packaging;

/// <summary>
/// <c>package.json</c> inside the package zip: what a consumer needs to use the models (classes, feature and model
/// settings) and the SHA-256 of every other entry.
/// </summary>
public sealed record PackageManifest(
    int FormatVersion,
    string Model,
    IReadOnlyList<string> Classes,
    Newtonsoft.Json.Linq.JObject Settings,
    IReadOnlyDictionary<string, string> Files);
