using Workflow.Cache;

namespace Workflow.Data;

/// <summary>
/// A remote that is a folder (a local path, a mounted share): DVC's <c>local</c> remote. A missing folder is an
/// error when reading; pushing creates it, as DVC does.
/// </summary>
public sealed class LocalRemote : IRemote
{
    public LocalRemote(string name, string root, bool create = false)
    {
        Name = name;
        Location = Path.GetFullPath(root);
        if (!create)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Location);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw NotWritable(e);
        }
    }

    public string Name { get; }

    public string Location { get; }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        RequireRoot();
        return Task.FromResult(File.Exists(FileOf(path)));
    }

    public async Task<bool> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        RequireRoot();
        var file = FileOf(path);
        if (!File.Exists(file))
        {
            return false;
        }

        await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, Md5.BufferSize, useAsync: true);
        await source.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task UploadAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var file = FileOf(path);
        try
        {
            // Written beside the target and renamed over it: content that throws (fails its check) leaves nothing.
            AtomicFile.Write(file, target => content.CopyTo(target));
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

    private string FileOf(string path) => Path.Combine(Location, RemotePaths.Checked(path).Replace('/', Path.DirectorySeparatorChar));

    private WorkflowException NotWritable(Exception e) => new(
        $"The remote '{Name}' ({Location}) is not writable ({e.Message}); fix its permissions or its url in .dvc/config, then run PushData again.");

    private void RequireRoot()
    {
        if (!Directory.Exists(Location))
        {
            throw new WorkflowException(
                $"The remote '{Name}' ({Location}) does not exist; check its url in .dvc/config (is the share mounted?), "
                + "or run PushData from a machine that has the data.");
        }
    }
}
