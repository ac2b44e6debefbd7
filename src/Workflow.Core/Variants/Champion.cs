using Newtonsoft.Json;
using Workflow.Pipeline;

namespace Workflow.Variants;

/// <summary>
/// <c>artifacts/variants/champion.json</c>: the variant the last CompareVariants picked, by which metric and value.
/// Package and Release use it when neither <c>--variant</c> nor <c>defaultVariant</c> names one.
/// </summary>
public sealed record Champion(string Variant, string Metric, double Value)
{
    public const string Path = "artifacts/variants/champion.json";

    /// <summary>The champion recorded in the workspace; null when there is none or it cannot be read (compare again).</summary>
    public static Champion? Read(Workspace workspace)
    {
        var path = workspace.Resolve(Path);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonConvert.DeserializeObject<Champion>(File.ReadAllText(path), Json.Settings) is { Variant: not null, Metric: not null } champion ? champion : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
