using System.Security.Cryptography;
using System.Text;

namespace Workflow.Cache;

/// <summary>SHA-256 content hashes as lowercase hex: the identity of every blob, unit key and artifact.</summary>
public static class ContentHash
{
    public static string OfBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string OfText(string text) => OfBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// The hash of a file's bytes, read through one pooled buffer: a build hashes 100,000 files, and a FileStream's
    /// own 64 KB buffer per file is gigabytes of garbage.
    /// </summary>
    public static string OfFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return OfHandle(handle);
    }

    /// <summary>
    /// <see cref="OfFile(string)"/>, also giving the file's bytes when it holds at most <paramref name="keepUpTo"/> of
    /// them (else empty, and <paramref name="rented"/> null): read once, into an array rented from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/> that the caller returns, for a caller that needs both.
    /// </summary>
    public static string OfFile(string path, int keepUpTo, out ReadOnlyMemory<byte> bytes, out byte[]? rented)
    {
        bytes = default;
        rented = null;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length > keepUpTo) return OfHandle(handle);
        var data = System.Buffers.ArrayPool<byte>.Shared.Rent((int)length + 1);
        var total = 0;
        int read;
        // One byte more than the length: a file that grew while it was read is hashed whole from the file, not kept.
        while (total <= length && (read = RandomAccess.Read(handle, data.AsSpan(total, (int)length + 1 - total), total)) > 0) total += read;
        if (total > length)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(data);
            return OfHandle(handle);
        }
        (bytes, rented) = (data.AsMemory(0, total), data);
        return OfBytes(bytes.Span);
    }

    private static string OfHandle(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                offset += read;
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A short prefix for log lines; the full hash is in the run report.</summary>
    public static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
