using Newtonsoft.Json;

namespace Workflow.Registry;

/// <summary>
/// What <see cref="ModelRegistry.Register"/> did; serialised as is, it is <c>artifacts/registered.json</c>.
/// <see cref="IsNew"/> is false when identical package bytes were already registered as <see cref="Version"/>.
/// </summary>
public sealed record RegistrationResult(string Model, int Version, bool IsNew, string PackageSha256, string Registry)
{
    public string Reference => $"{Model}/{Version}";

    /// <summary>The one line to print.</summary>
    [JsonIgnore]
    public string Message => IsNew
        ? $"Registered {Reference} (package sha256 {Cache.ContentHash.Short(PackageSha256)}) in {Registry}."
        : $"{Reference} already holds these exact package bytes (sha256 {Cache.ContentHash.Short(PackageSha256)}); no new version registered.";
}
