using System.Globalization;

namespace Workflow.Release;

/// <summary>
/// The version a release package gets: <c>model.version</c> plus the registry version as patch, and from a dirty git
/// tree a <c>-dev.&lt;12 hex of the package zip's sha256&gt;</c> suffix, so uncommitted work never takes the number a
/// clean build of the same registry version gets (and two dirty builds of different models never share one).
/// </summary>
public static class ReleaseVersion
{
    public const int ShortHashLength = 12;

    public static string Of(string majorMinor, int patch, bool dirty, string packageSha256)
    {
        var release = string.Create(CultureInfo.InvariantCulture, $"{majorMinor}.{patch}");
        if (!dirty) return release;
        if (packageSha256.Length < ShortHashLength)
            throw new ArgumentException($"'{packageSha256}' is not a sha256 in hex.", nameof(packageSha256));
        return $"{release}-dev.{packageSha256[..ShortHashLength].ToLowerInvariant()}";
    }
}
