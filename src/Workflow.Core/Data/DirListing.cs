using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Workflow.Data;

/// <summary>
/// The listing of a tracked directory, byte-identical to DVC 3.x's ".dir" object.
/// </summary>
/// <remarks>
/// Format (what DVC hashes and stores): Python's <c>json.dumps(entries, sort_keys=True)</c> encoded as UTF-8, i.e.
/// <c>[{"md5": "37b5…", "relpath": "bar"}, {"md5": "acbd…", "relpath": "foo"}]</c> — one object per file, keys in
/// that order, separators ", " and ": ", entries sorted by relpath in code-point order, non-ASCII escaped as
/// lowercase <c>\uXXXX</c> (ensure_ascii). The directory's hash is the MD5 of those bytes plus ".dir".
/// Reading is tolerant (whitespace, key order, extra keys) but every relpath must stay inside the directory:
/// a listing comes from a remote, and a remote is not trusted to choose where files are written.
/// </remarks>
public sealed class DirListing
{
    // Made at first use: checking out a listing read from the cache needs neither (a no-op build of the bundled data
    // spent ~25 ms serialising 1,500 entries for nothing). Two threads may both make them: the same bytes.
    private byte[]? bytes;
    private string? md5;

    private DirListing(IReadOnlyList<DirEntry> entries)
    {
        Entries = entries;
    }

    /// <summary>The files, sorted by relpath in code-point order (as Python sorts strings).</summary>
    public IReadOnlyList<DirEntry> Entries { get; }

    /// <summary>The directory's hash: MD5 of <see cref="ToBytes"/> plus ".dir".</summary>
    public string Md5 => md5 ??= Data.Md5.OfBytes(Bytes) + Data.Md5.DirSuffix;

    public byte[] ToBytes() => (byte[])Bytes.Clone();

    private byte[] Bytes => bytes ??= Serialize(Entries);

    /// <param name="entries">The files, in any order.</param>
    /// <param name="source">Names where the entries came from, for error messages (e.g. the directory).</param>
    public static DirListing Create(IEnumerable<DirEntry> entries, string source)
    {
        var sorted = entries.ToList();
        sorted.Sort((a, b) => CompareCodePoints(a.RelPath, b.RelPath));
        Validate(sorted, source);
        return new DirListing(sorted);
    }

    /// <param name="json">The bytes of a ".dir" object.</param>
    /// <param name="source">Names the object, for error messages (e.g. "object 5ea4….dir in /srv/remote").</param>
    public static DirListing Parse(ReadOnlySpan<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw Invalid(source, "it is not JSON (" + e.Message + ")");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(source, "it is not a JSON array");
            }

            var entries = new List<DirEntry>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                entries.Add(ParseEntry(item, entries.Count, source));
            }

            return Create(entries, source);
        }
    }

    private static DirEntry ParseEntry(JsonElement item, int index, string source)
    {
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("md5", out var md5) || md5.ValueKind != JsonValueKind.String
            || !item.TryGetProperty("relpath", out var relPath) || relPath.ValueKind != JsonValueKind.String)
        {
            throw Invalid(source, string.Format(
                CultureInfo.InvariantCulture, "entry {0} is not an object with string \"md5\" and \"relpath\"", index));
        }

        return new DirEntry(relPath.GetString()!, md5.GetString()!);
    }

    private static WorkflowException Invalid(string source, string why) => new(
        $"{source} is not a valid directory listing: {why}; delete it and push the data again from a machine that has it.");

    private static void Validate(List<DirEntry> sorted, string source)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in sorted)
        {
            var reason = UnsafeReason(entry.RelPath);
            if (reason is not null)
            {
                throw new WorkflowException(
                    $"{source} contains the unsafe relpath '{entry.RelPath}' ({reason}); Workflow refuses it because it "
                    + "could write outside the data directory. Rename or remove that entry, or re-create the listing "
                    + "with TrackData from a trusted copy of the data.");
            }

            if (!Data.Md5.IsValid(entry.Md5) || Data.Md5.IsDir(entry.Md5))
            {
                throw new WorkflowException(
                    $"{source} gives '{entry.RelPath}' the md5 '{entry.Md5}', which is not 32 lowercase hex digits; "
                    + "re-create the listing with TrackData.");
            }

            if (!paths.Add(entry.RelPath))
            {
                throw new WorkflowException(
                    $"{source} lists '{entry.RelPath}' twice; re-create the listing with TrackData.");
            }
        }

        // A path that is both a file and a parent directory cannot be checked out.
        foreach (var path in paths)
        {
            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                if (paths.Contains(path[..slash]))
                {
                    throw new WorkflowException(
                        $"{source} lists '{path[..slash]}' both as a file and as the directory of '{path}'; "
                        + "re-create the listing with TrackData.");
                }
            }
        }
    }

    /// <summary>Why a relpath could escape the directory or is not portable, or null when it is safe.</summary>
    internal static string? UnsafeReason(string relPath)
    {
        if (relPath.Length == 0)
        {
            return "it is empty";
        }

        if (relPath.Contains('\\'))
        {
            return "it contains a backslash";
        }

        if (relPath.Contains('\0'))
        {
            return "it contains a NUL character";
        }

        if (relPath[0] == '/' || (relPath.Length >= 2 && relPath[1] == ':' && char.IsAsciiLetter(relPath[0])))
        {
            return "it is absolute";
        }

        foreach (var segment in relPath.Split('/'))
        {
            switch (segment)
            {
                case "":
                    return "it has an empty segment";
                case ".":
                    return "it has a '.' segment";
                case "..":
                    return "it has a '..' segment";
            }
        }

        return null;
    }

    private static byte[] Serialize(IReadOnlyList<DirEntry> entries)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < entries.Count; i++)
        {
            json.Append(i == 0 ? "{\"md5\": " : ", {\"md5\": ");
            AppendPythonString(json, entries[i].Md5);
            json.Append(", \"relpath\": ");
            AppendPythonString(json, entries[i].RelPath);
            json.Append('}');
        }

        return Encoding.ASCII.GetBytes(json.Append(']').ToString());
    }

    // Python's json.dumps with ensure_ascii=True: only printable ASCII is written as is; UTF-16 code units are
    // escaped one by one, which yields surrogate pairs for characters beyond the BMP, exactly as Python does.
    private static void AppendPythonString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case >= ' ' and <= '~': json.Append(c); break;
                default: json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
        }

        json.Append('"');
    }

    // Python compares strings by code point; UTF-16 ordinal order differs for characters beyond the BMP.
    internal static int CompareCodePoints(string a, string b)
    {
        var left = a.EnumerateRunes();
        var right = b.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft.CompareTo(hasRight);
            }

            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
