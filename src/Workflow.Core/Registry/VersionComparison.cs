using System.Globalization;
using Newtonsoft.Json.Linq;

namespace Workflow.Registry;

/// <summary>
/// Two or more versions side by side: a row per metric and per parameter (package settings flattened to dotted
/// names such as <c>features.nMels</c>), each knowing whether the versions differ on it.
/// </summary>
public sealed record VersionComparison(IReadOnlyList<ModelVersion> Versions, IReadOnlyList<ComparisonRow> Metrics, IReadOnlyList<ComparisonRow> Parameters)
{
    public static VersionComparison Of(IReadOnlyList<ModelVersion> versions)
    {
        var metricNames = versions.SelectMany(v => v.Metrics.Keys).Distinct().Order(StringComparer.Ordinal);
        var metrics = metricNames
            .Select(name => new ComparisonRow(name, versions.Select(v => v.Metrics.TryGetValue(name, out var x) ? Format(x) : null).ToList()))
            .ToList();
        var flattened = versions.Select(v => Flatten(v.Parameters)).ToList();
        var parameters = flattened.SelectMany(f => f.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(name => new ComparisonRow(name, flattened.Select(f => f.GetValueOrDefault(name)).ToList()))
            .ToList();
        return new VersionComparison(versions, metrics, parameters);
    }

    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Package settings as dotted names (<c>features.nMels</c>) and their JSON values as text, sorted by name.</summary>
    public static IReadOnlyDictionary<string, string?> Flatten(JObject parameters)
    {
        var values = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var leaf in parameters.Descendants().OfType<JValue>())
            values[leaf.Path] = leaf.Type switch
            {
                JTokenType.String => leaf.Value<string>(),
                JTokenType.Null => "null",
                _ => leaf.ToString(Newtonsoft.Json.Formatting.None, []),
            };
        return values;
    }
}
