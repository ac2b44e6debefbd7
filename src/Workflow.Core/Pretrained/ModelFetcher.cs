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

    public static void Fetch(PretrainedModelOptions model, string target)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Download(model, target);
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

    private static void Download(PretrainedModelOptions model, string target)
    {
        using var response = Http.GetAsync(model.Source, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        if ((int)response.StatusCode >= 500) throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode)
            throw new WorkflowException($"{model.Name}: {model.Source} answered HTTP {(int)response.StatusCode}; check pretrained source in the config.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                response.Content.ReadAsStream().CopyTo(file);
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
