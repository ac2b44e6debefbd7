using Newtonsoft.Json.Linq;

namespace Workflow.Variants;

/// <summary>
/// A variant is the top-level settings with its overrides merged in: objects merge setting by setting, any other
/// value (number, string, array) replaces the top level's. The variants themselves and the selection are not part
/// of a variant's settings.
/// </summary>
public static class VariantSettings
{
    /// <summary>Config keys that describe the variants, not a build: removed from every variant's settings.</summary>
    public static readonly string[] Keys = ["variants", "defaultVariant", "selection"];

    public static JObject Merge(JObject topLevel, JObject overrides)
    {
        var merged = (JObject)topLevel.DeepClone();
        foreach (var key in Keys) merged.Remove(key);
        Overlay(merged, overrides);
        return merged;
    }

    private static void Overlay(JObject target, JObject overrides)
    {
        foreach (var property in overrides.Properties())
        {
            if (property.Value is JObject inner && target[property.Name] is JObject existing) Overlay(existing, inner);
            else target[property.Name] = property.Value.DeepClone();
        }
    }
}
