using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Workflow.Data;

/// <summary>
/// DVC's <c>http</c> remote: <c>GET &lt;url&gt;/&lt;path&gt;</c> (e.g. <c>files/md5/&lt;2&gt;/&lt;30&gt;</c>) fetches an object (404: absent),
/// <c>HEAD</c> checks one (falling back to GET where HEAD is not allowed), and uploads go to the same url with the
/// configured method — POST by default as in DVC, PUT for WebDAV (e.g. nginx <c>dav_methods PUT</c>) and Artifactory.
/// </summary>
public sealed class HttpRemote : IRemote
{
    private readonly HttpClient client;
    private readonly HttpRemoteSettings settings;

    public HttpRemote(string name, HttpRemoteSettings settings, int connections)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Name = name;
        this.settings = settings;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.ConnectTimeout,
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (!settings.SslVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        if (settings.Auth == "basic")
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.User}:{settings.Password}")));
        }
        else if (settings.Auth == "custom" && settings.CustomAuthHeader is { } header)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header, settings.Password ?? "");
        }
    }

    public string Name { get; }

    public string Location => settings.BaseUrl;

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, UrlOf(path)), cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
        {
            using var get = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, UrlOf(path)), cancellationToken)
                .ConfigureAwait(false);
            return Found(get, "GET", path);
        }

        return Found(response, "HEAD", path);
    }

    public Task<bool> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken) =>
        DownloadFromAsync(path, 0, destination, cancellationToken);

    public async Task<bool> DownloadFromAsync(string path, long offset, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var get = new HttpRequestMessage(HttpMethod.Get, UrlOf(path));
            if (offset > 0) get.Headers.Range = new RangeHeaderValue(offset, null);
            return get;
        }, cancellationToken).ConfigureAwait(false);
        if (offset > 0 && response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return true; // nothing left to read
        }

        if (!Found(response, "GET", path))
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ReadTimeout);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
            {
                await Skip(body, offset, timeout.Token).ConfigureAwait(false); // the server ignored the range
            }

            await body.CopyToAsync(destination, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new TransientRemoteException($"reading {UrlOf(path)} failed ({Reason(e)})", e);
        }

        return true;
    }

    private static async Task Skip(Stream body, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0) return;
            count -= read;
        }
    }

    public async Task UploadAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var method = new HttpMethod(settings.Method);
        using var response = await SendAsync(() =>
        {
            // A stream of unknown length goes chunked, so a verifying stream that throws at its end aborts the
            // request before the terminating chunk: the server never sees a complete wrong object.
            var body = new StreamContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            if (content.CanSeek)
            {
                body.Headers.ContentLength = content.Length;
            }

            return new HttpRequestMessage(method, UrlOf(path)) { Content = body };
        }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Permanent(response, settings.Method, path,
                $"check the remote's url, `method` (now {settings.Method}; WebDAV servers need PUT) and credentials in .dvc/config");
        }
    }

    public string CreateGuarantee =>
        "a WebDAV MOVE with Overwrite: F from a uniquely named upload, which the server refuses (412) when the target exists; atomic on servers that check and rename in one step (nginx does, per worker)";

    public async Task<bool> CreateAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        RequireWebDav("create objects only if absent");
        var slash = path.LastIndexOf('/');
        var temp = $"{(slash < 0 ? "" : path[..(slash + 1)])}.{(slash < 0 ? path : path[(slash + 1)..])}.{Guid.NewGuid():N}.tmp";
        await UploadAsync(temp, content, cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await SendAsync(() =>
            {
                var move = new HttpRequestMessage(new HttpMethod("MOVE"), UrlOf(temp));
                move.Headers.TryAddWithoutValidation("Destination", UrlOf(path));
                move.Headers.TryAddWithoutValidation("Overwrite", "F");
                return move;
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.PreconditionFailed) return false;
            if (!response.IsSuccessStatusCode)
                throw Permanent(response, "MOVE", path, "the registry needs a WebDAV server that allows MOVE (nginx: dav_methods PUT DELETE MOVE)");
            return true;
        }
        finally
        {
            await DeleteQuietly(temp).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        RequireWebDav("delete objects");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, UrlOf(path)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode)
            throw Permanent(response, "DELETE", path, "the registry needs a WebDAV server that allows DELETE (nginx: dav_methods PUT DELETE MOVE)");
        return true;
    }

    public async Task<IReadOnlyList<RemoteObject>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var found = new List<RemoteObject>();
        var pending = new Stack<string>();
        pending.Push(RemotePaths.Checked(prefix));
        while (pending.TryPop(out var folder))
        {
            var entries = await WebDavListing.ListAsync(UrlOf(folder) + "/", SendAsync, cancellationToken).ConfigureAwait(false);
            if (entries is null) continue;
            foreach (var entry in entries)
            {
                var child = $"{folder}/{entry.Name}";
                if (entry.Folder) pending.Push(child);
                else found.Add(new RemoteObject(child, entry.Bytes));
            }
        }

        return found.OrderBy(o => o.Path, StringComparer.Ordinal).ToList();
    }

    public void Dispose() => client.Dispose();

    private void RequireWebDav(string what)
    {
        if (settings.Method != "PUT")
            throw new WorkflowException(
                $"The remote '{Name}' ({settings.BaseUrl}) uploads with {settings.Method}, but to {what} it must be a WebDAV server; use a webdav:// url or set `method = PUT` for it in .dvc/config.");
    }

    private async Task DeleteQuietly(string path)
    {
        try
        {
            using var _ = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, UrlOf(path)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TransientRemoteException)
        {
            // a leftover upload; registry gc removes such files
        }
    }

    private string UrlOf(string path) => $"{settings.BaseUrl}/{RemotePaths.Checked(path)}";

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout + settings.ReadTimeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            {
                if (inner is WorkflowException content)
                {
                    throw content; // the upload's own content failed verification: not the network's fault
                }
            }

            throw new TransientRemoteException($"{message.Method} {message.RequestUri} failed ({Reason(e)})", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientRemoteException($"{message.Method} {message.RequestUri} timed out", e);
        }

        var status = (int)response.StatusCode;
        if (status >= 500 || status is 408 or 429)
        {
            response.Dispose();
            throw new TransientRemoteException(string.Create(CultureInfo.InvariantCulture,
                $"{message.Method} {message.RequestUri} answered {status} {response.ReasonPhrase}"));
        }

        return response;
    }

    private bool Found(HttpResponseMessage response, string method, string path)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        return response.IsSuccessStatusCode
            ? true
            : throw Permanent(response, method, path, "check the remote's url and credentials in .dvc/config");
    }

    private WorkflowException Permanent(HttpResponseMessage response, string method, string path, string fix) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"The remote '{Name}' answered {(int)response.StatusCode} {response.ReasonPhrase} to {method} {UrlOf(path)}; {fix}."));

    private static string Reason(Exception e) =>
        e.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) && inner.Message != e.Message
            ? $"{e.Message.TrimEnd('.')}: {inner.Message.TrimEnd('.')}"
            : e.Message.TrimEnd('.');
}
