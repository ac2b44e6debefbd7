using System.Security.Cryptography;

namespace Workflow.Data;

/// <summary>
/// DVC 3.x content hashes: plain MD5 of a file's bytes, written as 32 lowercase hex digits. Directories add ".dir"
/// to the MD5 of their listing (see <see cref="DirListing"/>).
/// </summary>
public static class Md5
{
    public const string DirSuffix = ".dir";

    // Large enough that hashing a WAV is a handful of reads, small enough to stay off the large-object heap.
    internal const int BufferSize = 64 * 1024;

    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        return OfStream(stream);
    }

    public static string OfStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ToHex(MD5.HashData(stream));
    }

    public static string OfBytes(ReadOnlySpan<byte> bytes) => ToHex(MD5.HashData(bytes));

    /// <summary>True for 32 lowercase hex digits, optionally followed by ".dir".</summary>
    public static bool IsValid(string? md5)
    {
        if (md5 is null)
        {
            return false;
        }

        var hex = md5.EndsWith(DirSuffix, StringComparison.Ordinal) ? md5[..^DirSuffix.Length] : md5;
        return hex.Length == 32 && hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
    }

    public static bool IsDir(string md5) => md5.EndsWith(DirSuffix, StringComparison.Ordinal);

    internal static string ToHex(byte[] hash) => Convert.ToHexStringLower(hash);
}
