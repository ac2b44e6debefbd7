using System.Security.Cryptography;

namespace Workflow.Data;

/// <summary>
/// Reads an object and hashes it on the way; reaching the end of a corrupt object throws instead of returning 0,
/// so a caller that reads to the end can never take wrong bytes for the real ones. MD5 (DVC's objects) unless
/// another algorithm is given (SHA-256 for the build cache's blobs).
/// </summary>
internal sealed class VerifyingStream(Stream inner, string expectedHex, Func<string, Exception> corrupt, HashAlgorithmName? algorithm = null) : Stream
{
    private readonly IncrementalHash md5 = IncrementalHash.CreateHash(algorithm ?? HashAlgorithmName.MD5);

    /// <summary>
    /// A file's bytes for an upload, checked against <paramref name="expectedHex"/>: a small file is read whole and
    /// checked before a byte is sent, so a server never receives a complete wrong object even with a Content-Length;
    /// a large one streams through a verifying stream of unknown length, which throws at its end.
    /// </summary>
    public static Stream OpenFile(string path, string expectedHex, HashAlgorithmName algorithm, Func<string, Exception> corrupt)
    {
        if (new FileInfo(path).Length <= 16 << 20)
        {
            var bytes = File.ReadAllBytes(path);
            using var hash = IncrementalHash.CreateHash(algorithm);
            hash.AppendData(bytes);
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            return actual == expectedHex ? new MemoryStream(bytes, writable: false) : throw corrupt(actual);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return new VerifyingStream(stream, expectedHex, corrupt, algorithm);
    }
    private bool verified;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (read > 0)
        {
            md5.AppendData(buffer[..read]);
        }
        else if (buffer.Length > 0 && !verified)
        {
            var actual = Convert.ToHexStringLower(md5.GetHashAndReset());
            if (actual != expectedHex)
            {
                throw corrupt(actual);
            }

            verified = true;
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            md5.Dispose();
        }

        base.Dispose(disposing);
    }
}
