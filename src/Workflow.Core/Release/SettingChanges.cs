using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Workflow.Release;

/// <summary>The settings that differ between two settings objects, by dotted path (<c>features.nMfcc</c>), sorted.</summary>
public static class SettingChanges
{
    public static IReadOnlyList<ValueChange> Between(JObject before, JObject now)
    {
        var old = Flatten(before);
        var current = Flatten(now);
        return old.Keys.Union(current.Keys).Order(StringComparer.Ordinal)
            .Select(name => new ValueChange(name, old.GetValueOrDefault(name), current.GetValueOrDefault(name)))
            .Where(c => c.Before != c.Now)
            .ToList();
    }

    /// <summary>Leaf values by dotted path; arrays are one value (their compact JSON).</summary>
    public static SortedDictionary<string, string> Flatten(JObject settings)
    {
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(JToken token, string path)
        {
            if (token is JObject json)
            {
                foreach (var property in json.Properties()) Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}");
            }
            else
            {
                leaves[path] = token switch
                {
                    JValue { Type: JTokenType.String } text => (string)text!,
                    JValue { Value: IFormattable number } => number.ToString(null, CultureInfo.InvariantCulture),
                    _ => token.ToString(Formatting.None),
                };
            }
        }
        Walk(settings, "");
        return leaves;
    }
}
