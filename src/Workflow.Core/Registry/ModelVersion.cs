using Newtonsoft.Json.Linq;

namespace Workflow.Registry;

/// <summary>
/// One registered version of a model, as kept in the registry's <c>index.json</c>. Everything but
/// <see cref="Tags"/> and <see cref="Description"/> is fixed at registration: the package bytes are addressed by
/// <see cref="PackageSha256"/> and never change under a version number.
/// </summary>
public sealed record ModelVersion(
    string Model,
    int Version,
    DateTimeOffset Created,
    string CreatedBy,
    string PackageSha256,
    long PackageBytes,
    IReadOnlyList<string> Classes,
    VersionLineage Lineage,
    IReadOnlyDictionary<string, double> Metrics,
    JObject Parameters,
    IReadOnlyList<string> Tags,
    string Description)
{
    /// <summary>How commands address this version: <c>name/3</c>.</summary>
    public string Reference => $"{Model}/{Version}";

    /// <summary>Where a version copied from another registry came from (<c>REGISTRY MODEL/N</c>); null for one registered here.</summary>
    [Newtonsoft.Json.JsonProperty(NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore)]
    public string? CopiedFrom { get; init; }
}
