using System.Globalization;
using System.Text.RegularExpressions;

namespace Workflow.Packaging;

/// <summary>The <c>model</c> section of the config: the name packages (and registered versions) go by.</summary>
public sealed record ModelOptions
{
    /// <summary>The settings only the Release stage uses: they are no part of the package zip or its key.</summary>
    public static readonly string[] ReleaseSettings = ["packageId", "version", "license", "speakerPattern", "heldOutAccuracy"];

    public string Name { get; init; } = "spoken-digits";

    /// <summary>
    /// A file (workspace-relative) with the training data's licence and attribution, shipped in every package.
    /// Null for data that needs none.
    /// </summary>
    public string? Attribution { get; init; } = "config/ATTRIBUTION.md";

    /// <summary>The NuGet package id and namespace of the release; null: <see cref="Name"/> in PascalCase + <c>.Model</c>.</summary>
    public string? PackageId { get; init; }

    /// <summary>major.minor of the release; the registry version of the package is the patch.</summary>
    public string Version { get; init; } = "1.0";

    /// <summary>The training data's licence as an SPDX expression, declared by the release package; null: none given.</summary>
    public string? License { get; init; }

    /// <summary>
    /// A regular expression on a recording's file name whose first group is its speaker (the bundled data's
    /// <c>^[^_]+_([^_]+)_</c>): the release's model card then counts recordings per speaker. Null: speakers unknown.
    /// </summary>
    public string? SpeakerPattern { get; init; }

    /// <summary>
    /// The file <c>bench/accuracy.sh --record FILE</c> wrote (workspace-relative), quoted by the release's model card
    /// as the accuracy on unseen speakers. Null: not measured.
    /// </summary>
    public string? HeldOutAccuracy { get; init; }

    /// <summary><see cref="Name"/> in PascalCase: <c>spoken-digits</c> → <c>SpokenDigits</c>.</summary>
    public string PascalName => string.Concat(Name.Split(['-', '.', '_'], StringSplitOptions.RemoveEmptyEntries)
        .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    public string EffectivePackageId => PackageId ?? PascalName + ".Model";

    public void Validate()
    {
        if (!Regex.IsMatch(Name, "^[a-z0-9][a-z0-9._-]{0,63}$"))
            throw new WorkflowException(
                $"model.name '{Name}' is not a valid model name; use 1–64 lowercase letters, digits, '.', '_' or '-'.");
        // The id is also the namespace of the package's code: dot-separated C# identifiers.
        if (PackageId is not null && !IsNamespace(PackageId))
            throw new WorkflowException(
                $"model.packageId '{PackageId}' is not a valid package id; use dot-separated names that start with a letter, e.g. 'SpokenDigits.Model'.");
        if (!Regex.IsMatch(Version, @"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$"))
            throw new WorkflowException(
                $"model.version '{Version}' is not major.minor; use two numbers such as '1.0' (the registry version becomes the patch).");
        if (SpeakerPattern is not null && SpeakerGroups(SpeakerPattern) < 1)
            throw new WorkflowException(
                $"model.speakerPattern '{SpeakerPattern}' is not a regular expression with a group for the speaker; use e.g. '^[^_]+_([^_]+)_' for <digit>_<speaker>_<take>.wav.");
        if (License is not null && !Regex.IsMatch(License, @"^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$"))
            throw new WorkflowException(
                $"model.license '{License}' is not an SPDX licence expression; use an identifier from spdx.org/licenses such as 'CC-BY-SA-4.0'.");
    }

    private static int SpeakerGroups(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant).GetGroupNumbers().Length - 1;
        }
        catch (ArgumentException)
        {
            return 0;
        }
    }

    public static bool IsNamespace(string value) =>
        value.Length <= 100 && Regex.IsMatch(value, "^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$", RegexOptions.CultureInvariant);

    public string ReleaseVersion(int patch) => string.Create(CultureInfo.InvariantCulture, $"{Version}.{patch}");
}
