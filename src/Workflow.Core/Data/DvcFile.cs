using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Workflow.Cache;

namespace Workflow.Data;

/// <summary>
/// Reads and writes data.dvc, the small YAML file git tracks in place of the data directory.
/// </summary>
/// <remarks>
/// Written exactly as DVC 3.x writes it (LF line endings, trailing newline):
/// <code>
/// outs:
/// - md5: 5ea40360f5b4ec688df672a4db9c17d1.dir
///   size: 6
///   nfiles: 2
///   hash: md5
///   path: data
/// </code>
/// Read tolerantly, without a YAML library: any key order, quoted or plain scalars, comments, CRLF, missing size
/// and nfiles, and keys Workflow does not use (top-level or per out) are ignored. <c>hash</c>, when present, must be
/// <c>md5</c> (DVC 3.x); a file without it is read as md5 too.
/// </remarks>
public static partial class DvcFile
{
    public const string FileName = "data.dvc";

    public static DvcOut Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (FileNotFoundException)
        {
            throw new WorkflowException(
                $"{path} does not exist; restore it with `git checkout {FileName}` or create it with TrackData.");
        }

        return Parse(text, Path.GetFileName(path));
    }

    public static DvcOut Parse(string text, string fileName = FileName)
    {
        var fields = DvcFileParser.ParseSingleOut(text, why => Invalid(fileName, why));
        return ToOut(fields, why => Invalid(fileName, why));
    }

    public static string Format(DvcOut @out)
    {
        var text = new StringBuilder("outs:\n");
        text.Append("- md5: ").Append(@out.Md5).Append('\n');
        if (@out.Size is { } size)
        {
            text.Append("  size: ").Append(size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (@out.NFiles is { } nfiles)
        {
            text.Append("  nfiles: ").Append(nfiles.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("  hash: md5\n");
        text.Append("  path: ").Append(FormatScalar(@out.Path)).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes atomically: a reader sees the old file or the new one, never half of it.</summary>
    public static void Write(string path, DvcOut @out) =>
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(Format(@out)));

    private static DvcOut ToOut(IReadOnlyDictionary<string, string?> fields, Func<string, WorkflowException> invalid)
    {
        var md5 = fields.GetValueOrDefault("md5")?.ToLowerInvariant();
        if (string.IsNullOrEmpty(md5))
        {
            throw invalid("its out has no md5");
        }

        if (!Md5.IsValid(md5))
        {
            throw invalid($"its out's md5 '{md5}' is not 32 hex digits (optionally followed by .dir)");
        }

        var path = fields.GetValueOrDefault("path");
        if (string.IsNullOrEmpty(path))
        {
            throw invalid("its out has no path");
        }

        if (DirListing.UnsafeReason(path) is { } reason)
        {
            throw invalid($"its out's path '{path}' is not a safe relative path ({reason})");
        }

        var hash = fields.GetValueOrDefault("hash");
        if (hash is not null && hash != "md5")
        {
            throw invalid($"its out uses hash '{hash}', but Workflow reads only DVC 3.x md5 outs");
        }

        return new DvcOut(md5, ParseCount<long>(fields, "size", invalid), ParseCount<int>(fields, "nfiles", invalid), path);
    }

    private static T? ParseCount<T>(IReadOnlyDictionary<string, string?> fields, string key, Func<string, WorkflowException> invalid)
        where T : struct, INumber<T>
    {
        var value = fields.GetValueOrDefault(key);
        if (value is null)
        {
            return null;
        }

        if (!T.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw invalid($"its out's {key} '{value}' is not a whole number");
        }

        return number;
    }

    private static WorkflowException Invalid(string fileName, string why) => new(
        $"{fileName} is not valid: {why}; restore it with `git checkout {fileName}` or re-create it with TrackData.");

    // Anything beyond plain path characters is single-quoted, so YAML never reads it as another type or a comment.
    private static string FormatScalar(string value) =>
        PlainScalar().IsMatch(value) ? value : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_.][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainScalar();
}
