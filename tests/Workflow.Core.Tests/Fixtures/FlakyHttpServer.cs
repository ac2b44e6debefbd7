using System.Collections.Concurrent;
using System.Net;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// An in-process HTTP object store on 127.0.0.1 (HttpListener) that answers the first <c>failures</c> requests with
/// 503 Service Unavailable, then serves GET/HEAD/PUT/POST/DELETE normally — a PUT with <c>If-None-Match: *</c> onto an
/// existing object gets 412, as on S3 — for the retry and conditional-write tests nginx and s3rver cannot stage. With
/// <see cref="StopAfter"/> it stops listening after that many requests, as a server that goes down mid-build.
/// </summary>
public sealed class FlakyHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, byte[]> objects = new(StringComparer.Ordinal);
    private int failuresLeft;
    private int requests;

    public FlakyHttpServer(int failures)
    {
        failuresLeft = failures;
        Port = TestServers.FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _ = Task.Run(Serve);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/store";

    public int Requests => requests;

    public IReadOnlyCollection<string> Paths => objects.Keys.ToArray();

    /// <summary>Stop listening (connections refused) once this many requests have been answered.</summary>
    public int? StopAfter { get; set; }

    public void Put(string path, byte[] bytes) => objects[path] = bytes;

    public void Dispose() => listener.Close();

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            var response = context.Response;
            var path = context.Request.Url!.AbsolutePath;
            if (Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                response.StatusCode = 503;
            }
            else if (context.Request.HttpMethod == "PUT" && context.Request.Headers["If-None-Match"] == "*" && objects.ContainsKey(path))
            {
                response.StatusCode = 412; // a conditional write, as S3 answers it
            }
            else if (context.Request.HttpMethod == "DELETE")
            {
                response.StatusCode = objects.TryRemove(path, out _) ? 204 : 404;
            }
            else if (context.Request.HttpMethod is "PUT" or "POST")
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                objects[path] = body.ToArray();
                response.StatusCode = 201;
            }
            else if (objects.TryGetValue(path, out var bytes))
            {
                response.ContentLength64 = bytes.Length;
                if (context.Request.HttpMethod == "GET") await response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                response.StatusCode = 404;
            }

            response.Close();
            if (requests >= StopAfter)
            {
                listener.Stop();
                return;
            }
        }
    }
}
