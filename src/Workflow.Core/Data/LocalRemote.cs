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

    public Task<bool> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken) =>
        DownloadFromAsync(path, 0, destination, cancellationToken);

    public async Task<bool> DownloadFromAsync(string path, long offset, Stream destination, CancellationToken cancellationToken)
    {
        RequireRoot();
        var file = FileOf(path);
        if (!File.Exists(file))
        {
            return false;
        }

        await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, Md5.BufferSize, useAsync: true);
        if (offset > 0) source.Seek(offset, SeekOrigin.Begin);
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

    public string CreateGuarantee => "atomic: the object is written beside its path and hard-linked into place, which fails if anything is there";

    public Task<bool> CreateAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var file = FileOf(path);
        var temp = AtomicFile.TempPathFor(file);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                content.CopyTo(target);
            }

            // Without overwrite, .NET moves by link(2) then unlink: the link fails if the target exists, atomically.
            File.Move(temp, file, overwrite: false);
            return Task.FromResult(true);
        }
        catch (IOException) when (File.Exists(file))
        {
            return Task.FromResult(false);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw NotWritable(e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var file = FileOf(path);
        if (!File.Exists(file)) return Task.FromResult(false);
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw NotWritable(e);
        }

        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<RemoteObject>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        RequireRoot();
        var folder = FileOf(prefix);
        IReadOnlyList<RemoteObject> objects = !Directory.Exists(folder) ? [] : Directory
            .EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => new RemoteObject(Path.GetRelativePath(Location, f).Replace(Path.DirectorySeparatorChar, '/'), new FileInfo(f).Length))
            .OrderBy(o => o.Path, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(objects);
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
