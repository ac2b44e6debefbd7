using System.Security.Cryptography;

namespace Workflow.Cache;

/// <summary>
/// Writes that never leave a half-written file: the bytes go to a temporary file in the target's directory
/// (same file system) and are renamed over the target only once complete. A crash leaves at most a hidden
/// ".name.guid.tmp" file behind, never a half-written target. The one atomic-write helper of the code base.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var buffer = bytes.ToArray();
        Write(path, stream => stream.Write(buffer));
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    public static void Copy(string source, string destination) => Write(destination, target =>
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        input.CopyTo(target);
    });

    /// <param name="bufferSize">The file stream's own buffer; 0 for a writer that writes its bytes in one span
    /// (e.g. 100,000 feature files: a 64 KB buffer each is gigabytes of garbage).</param>
    public static void Write(string path, Action<Stream> write, int bufferSize = 1 << 16) => Write(path, write, bufferSize, hash: false);

    /// <summary>
    /// <see cref="Write(string, Action{Stream}, int)"/>, returning the SHA-256 (<see cref="ContentHash"/>'s form) of
    /// the bytes written: the file need not be read back to be hashed.
    /// </summary>
    public static string WriteHashed(string path, Action<Stream> write, int bufferSize = 1 << 16) =>
        Write(path, write, bufferSize, hash: true)!;

    private static string? Write(string path, Action<Stream> write, int bufferSize, bool hash)
    {
        var temp = TempPathFor(path);
        EnsureDirectory(Path.GetDirectoryName(temp)!);
        var moved = false;
        try
        {
            string? sha256 = null;
            using (var stream = Create(temp, bufferSize))
            {
                if (hash)
                {
                    using var hashing = new HashingStream(stream);
                    write(hashing);
                    sha256 = hashing.Hash();
                }
                else write(stream);
                stream.Flush(flushToDisk: false);
            }
            File.Move(temp, path, overwrite: true);
            moved = true;
            return sha256;
        }
        finally
        {
            if (!moved) DeleteIfPresent(temp); // a failed write leaves nothing behind
        }
    }

    /// <summary>Deletes a file if it is there: one unlink, no error when it or its folder is missing.</summary>
    public static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // its folder is gone too: nothing to delete
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> to a temporary file beside <paramref name="target"/>, hashing the bytes as
    /// they are written. When they hash to <paramref name="expectedMd5"/> (32 lowercase hex digits) the temporary
    /// file is renamed to the target and null is returned; otherwise it is deleted, the target is left alone and the
    /// actual MD5 is returned. Without <paramref name="overwrite"/> an existing target fails with IOException.
    /// </summary>
    public static string? CopyVerified(Stream source, string target, string expectedMd5, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(source);
        var temp = TempPathFor(target);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    stream.Write(buffer, 0, read);
                }
            }

            var actual = Convert.ToHexStringLower(md5.GetHashAndReset());
            if (actual != expectedMd5) return actual;
            File.Move(temp, target, overwrite);
            return null;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// A hidden temporary name beside <paramref name="target"/>, unique to this process and call: the process id and a
    /// counter (a random GUID costs a getrandom call per file, which shows at 100,000 files). CreateNew still refuses
    /// a name another process left behind.
    /// </summary>
    internal static string TempPathFor(string target)
    {
        var full = Path.GetFullPath(target);
        var unique = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.ProcessId:x}-{Interlocked.Increment(ref counter):x}");
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{unique}.tmp");
    }

    private static long counter = Environment.TickCount64 & 0xffff; // different per run, so a leftover name is unlikely

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> KnownDirectories = new(StringComparer.Ordinal);

    // A folder known to exist may have been deleted since: then create it again.
    private static FileStream Create(string temp, int bufferSize)
    {
        try
        {
            return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
        }
        catch (DirectoryNotFoundException)
        {
            EnsureDirectory(Path.GetDirectoryName(temp)!, again: true);
            return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
        }
    }

    /// <summary>
    /// Creates a folder once per process: 100,000 outputs in 10 folders need 10 checks, not 100,000. With
    /// <paramref name="again"/> (a write found it gone since) it is created whether known or not.
    /// </summary>
    internal static void EnsureDirectory(string directory, bool again = false)
    {
        if (again) KnownDirectories.TryRemove(directory, out _);
        if (KnownDirectories.ContainsKey(directory)) return;
        Directory.CreateDirectory(directory);
        KnownDirectories.TryAdd(directory, true);
    }
}
