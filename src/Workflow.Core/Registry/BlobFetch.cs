using Workflow.Cache;
using Workflow.Data;

namespace Workflow.Registry;

/// <summary>
/// Fetches a remote registry's package into its <see cref="RegistryCache"/>: into <c>….partial</c> first, resumed
/// from where an interrupted fetch stopped, then hashed; only bytes that hash to the blob's name are moved into
/// place. A download that fails verification is deleted and fetched once more from the start, then refused.
/// </summary>
internal static class BlobFetch
{
    /// <returns>The verified cached file, or null when the registry has no such blob.</returns>
    public static string? Fetch(RegistryStorage storage, string sha256, IProgress<long>? progress = null)
    {
        var cache = storage.Cache!;
        var partial = cache.PartialPath(sha256);
        var path = storage.RemotePath(RegistryStorage.BlobName(sha256));
        for (var attempt = 1; ; attempt++)
        {
            AtomicFile.EnsureDirectory(Path.GetDirectoryName(partial)!);
            var found = storage.Remote.Run($"downloading {RegistryStorage.BlobName(sha256)}", async t =>
            {
                // Each retry resumes from what reached the disk.
                // Appended to by one process at a time: another fetching the same blob is refused (IOException).
                await using var file = FileLock.Open(partial, FileMode.Append, FileAccess.Write, 1 << 16);
                var start = file.Length;
                await using var counted = new CountingStream(file, start, progress);
                return await storage.Remote.Remote.DownloadFromAsync(path, start, counted, t).ConfigureAwait(false);
            });
            if (!found)
            {
                File.Delete(partial);
                return null;
            }
            var actual = ContentHash.OfFile(partial);
            if (actual == sha256) return cache.Add(partial, sha256);
            File.Delete(partial);
            if (attempt == 2)
                throw new WorkflowException(
                    $"The registry {storage.Root} holds a corrupt package {RegistryStorage.BlobName(sha256)}: its bytes hash to {ContentHash.Short(actual)} (fetched twice). It was not used; run verify there, and register the package again from a machine that has it.");
        }
    }

    /// <summary>Reports the bytes written so far (including those an earlier, interrupted fetch left).</summary>
    private sealed class CountingStream(Stream inner, long start, IProgress<long>? progress) : Stream
    {
        private long _written = start;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Report(buffer.Length);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Report(buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Report(int count)
        {
            _written += count;
            progress?.Report(_written);
        }
    }
}
