using System.Diagnostics;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// A real nginx on 127.0.0.1 with WebDAV (PUT, DELETE, MKCOL, COPY, MOVE; no PROPFIND, so folders list as nginx's
/// JSON index), started for one test from a generated config in a temp folder (root,
/// pid, logs and temp paths all inside it), in the foreground as a child process, killed on dispose. Without nginx
/// the tests that use it skip, or fail under CI=true (see <see cref="TestServers"/>).
/// </summary>
public sealed class NginxServer : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly Process process;

    public NginxServer()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        if (nginx is null)
        {
            temp.Dispose();
            TestServers.Unavailable("nginx is not installed; `sudo apt-get install -y nginx-light` (or ./build.sh --target=Test as root) installs it");
        }

        Port = TestServers.FreePort();
        var dir = temp.Path;
        Directory.CreateDirectory(Root);
        temp.Write("nginx.conf", $$"""
            daemon off;
            master_process off;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                client_max_body_size 0;
                server {
                    listen 127.0.0.1:{{Port}};
                    root {{Root}};
                    location / {
                        dav_methods PUT DELETE MKCOL COPY MOVE;
                        create_full_put_path on;
                        autoindex on;
                        autoindex_format json;
                        dav_access user:rw group:r all:r;
                    }
                }
            }
            """);
        process = Process.Start(new ProcessStartInfo(nginx, ["-p", dir, "-c", Path.Combine(dir, "nginx.conf"), "-e", Path.Combine(dir, "error.log")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        TestServers.WaitUntilListening(process, Port, "nginx", () => process.StandardError.ReadToEnd()
            + (File.Exists(temp.Combine("error.log")) ? File.ReadAllText(temp.Combine("error.log")) : ""));
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/dvc-store";

    /// <summary>The server's root url: <c>BaseUrl/x</c> is the file <c>Root/x</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The folder nginx serves; the remote's objects are under Root/dvc-store/files/md5.</summary>
    public string Root => System.IO.Path.Combine(temp.Path, "www");

    /// <summary>Kills the server (its files stay until dispose): the port then refuses connections.</summary>
    public void Stop() => TestServers.Stop(process);

    public void Dispose()
    {
        TestServers.Stop(process);
        temp.Dispose();
    }
}
