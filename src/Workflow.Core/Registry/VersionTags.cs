using System.Text.RegularExpressions;

namespace Workflow.Registry;

/// <summary>Tag names and how a tag change applies: sorted, without duplicates.</summary>
internal static partial class VersionTags
{
    public static bool IsValid(string tag) => Pattern().IsMatch(tag);

    public static IReadOnlyList<string> Apply(IReadOnlyList<string> tags, IReadOnlyList<string> add, IReadOnlyList<string> remove) =>
        tags.Concat(add).Except(remove, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex Pattern();
}
