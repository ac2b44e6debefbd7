using Workflow.Cache;

namespace Workflow.Pretrained;

/// <summary>
/// Downloads a model from an http(s) URL into place: the bytes go to a temporary file beside the target and are
/// renamed only once their SHA-256 matches the config, so a failed or corrupt download never leaves a file behind.
/// Transient failures (timeouts, refused connections, 5xx) are retried with backoff.
/// </summary>
public static class ModelFetcher
{
    private const int Attempts = 3;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    public static void Fetch(PretrainedModelOptions model, string target, string workspaceRoot)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (model.IsDvcSource) DownloadFromDvcRemote(model, target, workspaceRoot);
                else Download(model, target);
                return;
            }
            catch (Exception e) when (attempt < Attempts && e is HttpRequestException or TaskCanceledException or IOException)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(250 * (1 << attempt)));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                throw new WorkflowException(
                    $"{model.Name}: cannot fetch {model.Source} ({e.Message}); check the URL and the network, or put the file at {target}.", inner: e);
            }
        }
    }

    /// <summary><c>dvc://&lt;remote&gt;/&lt;md5&gt;</c>: the object of that md5 in a remote of the workspace's .dvc/config.</summary>
    private static void DownloadFromDvcRemote(PretrainedModelOptions model, string target, string workspaceRoot)
    {
        var parts = model.Source["dvc://".Length..].Split('/');
        if (parts.Length != 2 || !Data.Md5.IsValid(parts[1]))
            throw new WorkflowException($"{model.Name}: source '{model.Source}' must be dvc://<remote>/<md5 of the file>.");
        var workspace = new Data.DvcWorkspace(workspaceRoot);
        var config = workspace.LoadConfig();
        var remote = config.Remote(parts[0] == "default" ? config.DefaultRemote().Name : parts[0]);
        using var client = Data.RemoteFactory.Open(remote, new Data.DataOptions());
        Save(model, target, stream =>
        {
            if (!client.DownloadAsync(Data.DvcObjects.PathOf(parts[1]), stream, CancellationToken.None).GetAwaiter().GetResult())
                throw new WorkflowException($"{model.Name}: remote '{remote.Name}' ({remote.Location}) has no object {parts[1]}; push it there or fix the source.");
        });
    }

    private static void Download(PretrainedModelOptions model, string target)
    {
        using var response = Http.GetAsync(model.Source, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        if ((int)response.StatusCode >= 500) throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode)
            throw new WorkflowException($"{model.Name}: {model.Source} answered HTTP {(int)response.StatusCode}; check pretrained source in the config.");
        Save(model, target, file => response.Content.ReadAsStream().CopyTo(file));
    }

    /// <summary>Writes to a temporary file beside the target and renames it only if its SHA-256 is the configured one.</summary>
    private static void Save(PretrainedModelOptions model, string target, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                write(file);
            var actual = ContentHash.OfFile(temp);
            if (actual != model.Sha256)
                throw new WorkflowException(
                    $"{model.Name}: {model.Source} sent bytes with sha256 {ContentHash.Short(actual)}, not the configured {ContentHash.Short(model.Sha256)}; nothing was kept. Check the URL or the sha256 in the config.");
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
