using Workflow.Cache;

namespace Workflow.Data;

/// <summary>
/// A remote that is a folder (a local path, a mounted share): DVC's <c>local</c> remote. A missing folder is an
/// error when reading; pushing creates it, as DVC does.
/// </summary>
public sealed class LocalRemote : IRemote
{
    private readonly ObjectDirectory objects;

    public LocalRemote(string name, string root, bool create = false)
    {
        Name = name;
        objects = new ObjectDirectory(root);
        if (!create)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(objects.Root);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw NotWritable(e);
        }
    }

    public string Name { get; }

    public string Location => objects.Root;

    public Task<bool> ExistsAsync(string md5, CancellationToken cancellationToken)
    {
        RequireRoot();
        return Task.FromResult(objects.Contains(md5));
    }

    public async Task<bool> DownloadAsync(string md5, Stream destination, CancellationToken cancellationToken)
    {
        RequireRoot();
        var path = objects.PathFor(md5);
        if (!File.Exists(path))
        {
            return false;
        }

        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, Md5.BufferSize, useAsync: true);
        await source.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task UploadAsync(string md5, Stream content, CancellationToken cancellationToken)
    {
        var path = objects.PathFor(md5);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var actual = AtomicFile.CopyVerified(content, path, ObjectDirectory.HexOf(md5), overwrite: true);
            if (actual is not null)
            {
                throw new WorkflowException($"Object {md5} hashes to {actual} while being pushed; run TrackData, then PushData again.");
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw NotWritable(e);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }

    private WorkflowException NotWritable(Exception e) => new(
        $"The remote '{Name}' ({Location}) is not writable ({e.Message}); fix its permissions or its url in .dvc/config, then run PushData again.");

    private void RequireRoot()
    {
        if (!Directory.Exists(objects.Root))
        {
            throw new WorkflowException(
                $"The remote '{Name}' ({Location}) does not exist; check its url in .dvc/config (is the share mounted?), "
                + "or run PushData from a machine that has the data.");
        }
    }
}
