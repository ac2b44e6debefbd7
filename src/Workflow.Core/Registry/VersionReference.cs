using System.Globalization;
using System.Text.RegularExpressions;

namespace Workflow.Registry;

/// <summary>
/// How commands name a version: <c>name/3</c> (version 3), <c>name@prod</c> (whatever the alias points at) or
/// <c>name</c> (the latest version). Exactly one of <see cref="Version"/> and <see cref="Alias"/> is set, or neither.
/// </summary>
public sealed partial record VersionReference(string Model, int? Version, string? Alias)
{
    public static VersionReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text);
        if (!match.Success)
            throw new WorkflowException(
                $"'{text}' is not a version reference; use <model>/<version> (spoken-digits/3), <model>@<alias> (spoken-digits@prod) or <model> (the latest version).");
        var model = match.Groups["model"].Value;
        if (match.Groups["version"].Success)
        {
            if (!int.TryParse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                throw new WorkflowException($"'{text}' names version {match.Groups["version"].Value}; versions are numbered from 1.");
            return new VersionReference(model, version, null);
        }
        return new VersionReference(model, null, match.Groups["alias"].Success ? match.Groups["alias"].Value : null);
    }

    /// <summary>Model names follow model.name in the config: 1–64 lowercase letters, digits, '.', '_' or '-'.</summary>
    public static bool IsValidModelName(string name) => ModelName().IsMatch(name);

    /// <summary>Alias names: a lowercase letter, then up to 31 lowercase letters, digits, '_' or '-'.</summary>
    public static bool IsValidAlias(string alias) => AliasName().IsMatch(alias);

    public override string ToString() => Version is { } v ? $"{Model}/{v}" : Alias is { } a ? $"{Model}@{a}" : Model;

    [GeneratedRegex("^(?<model>[a-z0-9][a-z0-9._-]{0,63})(?:/(?<version>[0-9]{1,9})|@(?<alias>[a-z][a-z0-9_-]{0,31}))?$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex ModelName();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$")]
    private static partial Regex AliasName();
}
