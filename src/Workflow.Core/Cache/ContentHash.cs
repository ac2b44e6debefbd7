using System.Security.Cryptography;
using System.Text;

namespace Workflow.Cache;

/// <summary>SHA-256 content hashes as lowercase hex: the identity of every blob, unit key and artifact.</summary>
public static class ContentHash
{
    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string OfText(string text) => OfBytes(Encoding.UTF8.GetBytes(text));

    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A short prefix for log lines; the full hash is in the run report.</summary>
    public static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
