using System.Text.RegularExpressions;

namespace Workflow.Data;

/// <summary>
/// How a <c>DIR/&lt;class&gt;/*.wav</c> data set is split. A file is a test file when its name matches
/// <see cref="TestPattern"/>; with no pattern, when a stable hash of its path falls below <see cref="TestFraction"/>.
/// Ignored for the <c>DIR/train</c> + <c>DIR/test</c> layout, which is split already.
/// </summary>
public sealed record SplitOptions
{
    /// <summary>The spoken-digit convention: takes 0–4 of every speaker and digit are the test set.</summary>
    public string? TestPattern { get; init; } = @"_[0-4]\.wav$";

    public double TestFraction { get; init; } = 0.1;

    public void Validate()
    {
        if (TestPattern is not null)
        {
            try
            {
                _ = new Regex(TestPattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new WorkflowException(
                    $"split.testPattern '{TestPattern}' is not a valid regular expression ({e.Message}); fix it in the config.");
            }
        }
        else if (!(TestFraction > 0 && TestFraction < 1))
        {
            throw new WorkflowException(
                $"split.testFraction must be between 0 and 1, exclusive (got {TestFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}); set it in the config, e.g. 0.1.");
        }
    }

    public bool IsTest(string relativePath)
    {
        if (TestPattern is not null)
            return Regex.IsMatch(Path.GetFileName(relativePath), TestPattern, RegexOptions.CultureInvariant);
        // The first 8 bytes of the path's SHA-256 as a fraction: stable across machines, runs and file order.
        var hash = Convert.FromHexString(Cache.ContentHash.OfText(relativePath)[..16]);
        return BitConverter.ToUInt64(hash.Reverse().ToArray()) / (double)ulong.MaxValue < TestFraction;
    }
}
