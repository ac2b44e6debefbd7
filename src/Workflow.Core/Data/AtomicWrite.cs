using System.Security.Cryptography;

namespace Workflow.Data;

/// <summary>
/// Writes that readers see whole or not at all: the bytes go to a temporary file in the target's own directory
/// (same file system, so the final rename is atomic) and are moved over the target at the end. A crash leaves at
/// most a "*.tmp" file behind, never a half-written target.
/// </summary>
internal static class AtomicWrite
{
    public static string TempPathFor(string target)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(target))!;
        return Path.Combine(directory, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N") + ".tmp");
    }

    public static void WriteAllBytes(string target, ReadOnlySpan<byte> bytes)
    {
        var temp = TempPathFor(target);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> to a temporary file next to <paramref name="target"/>, hashing the bytes as
    /// they are written. When they hash to <paramref name="expectedMd5"/> the temporary file is renamed to the target
    /// and null is returned; otherwise it is deleted, the target is left alone and the actual MD5 is returned.
    /// </summary>
    public static string? CopyVerified(Stream source, string target, string expectedMd5, bool overwrite)
    {
        var temp = TempPathFor(target);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var buffer = new byte[Md5.BufferSize];
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    stream.Write(buffer, 0, read);
                }

                stream.Flush(flushToDisk: true);
            }

            var actual = Md5.ToHex(md5.GetHashAndReset());
            if (actual != expectedMd5)
            {
                return actual;
            }

            File.Move(temp, target, overwrite);
            return null;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
