namespace Workflow.Registry;

/// <summary>
/// The registered version a fine-tuned model was adapted from (<c>train.base</c>): the reference as configured
/// (<c>spoken-digits@prod</c>), the version it resolved to (<c>spoken-digits/3</c>) and that package's SHA-256.
/// Recorded in the package, the manifest and the registered version's lineage.
/// </summary>
public sealed record BaseVersion(string Reference, string Version, string Sha256);
