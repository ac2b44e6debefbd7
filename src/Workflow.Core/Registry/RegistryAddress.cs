using System.Security.Cryptography;
using System.Text;
using Workflow.Data;

namespace Workflow.Registry;

/// <summary>
/// Where a registry lives, as <c>--registry</c> or WORKFLOW_REGISTRY name it — anything a data remote can be:
/// <list type="bullet">
/// <item>a folder (a path; a network share);</item>
/// <item>an <c>http(s)://</c> or <c>webdav(s)://</c> url of a WebDAV server (PUT, DELETE, MOVE);</item>
/// <item><c>s3://bucket/prefix</c>, with the AWS environment (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL for an
/// S3-compatible server, AWS_ACCESS_KEY_ID…; WORKFLOW_S3_CREATE_SETTLE_MS sets how long the registry lock's create waits
/// before reading back whether it won, on servers without conditional writes — 1000 by default, lower only for a test
/// server with a single writer);</item>
/// <item>the name of a remote in the repository's <c>.dvc/config</c>, with its settings; the registry is then the
/// <c>workflow-registry/</c> folder of that remote, beside DVC's <c>files/</c> and the build cache.</item>
/// </list>
/// A remote registry keeps a local cache (<see cref="CacheDirectory"/>) of its index and of the packages fetched.
/// </summary>
public sealed record RegistryAddress
{
    /// <summary>The prefix a registry takes inside a remote named from .dvc/config.</summary>
    public const string RemotePrefix = "workflow-registry";

    /// <summary>Milliseconds an s3:// registry's create-if-absent waits before reading back (see <see cref="S3RemoteSettings.CreateSettle"/>).</summary>
    public const string S3SettleVariable = "WORKFLOW_S3_CREATE_SETTLE_MS";

    private readonly Func<IRemote>? _open;

    private RegistryAddress(string display, string? folder, Func<IRemote>? open, string prefix, string? cacheDirectory, string stateDirectory)
    {
        Display = display;
        Folder = folder;
        _open = open;
        Prefix = prefix;
        CacheDirectory = cacheDirectory;
        StateDirectory = stateDirectory;
    }

    /// <summary>How messages name the registry: the folder, url or remote.</summary>
    public string Display { get; }

    /// <summary>The folder of a folder registry; null for a remote one.</summary>
    public string? Folder { get; }

    public bool IsRemote => Folder is null;

    /// <summary>The registry's folder inside its remote ("" for the remote's root).</summary>
    public string Prefix { get; }

    /// <summary>This machine's cache of a remote registry: <c>.workflow/registry-cache/&lt;hash of the address&gt;</c>; null for a folder.</summary>
    public string? CacheDirectory { get; }

    /// <summary>What this machine records about the registry (e.g. the versions it pulled): <c>.workflow/registry-cache/&lt;hash&gt;</c>, for any registry.</summary>
    public string StateDirectory { get; }

    public IRemote Open() => _open is null ? new LocalRemote("registry", Folder!, create: true) : _open();

    public override string ToString() => Display;

    /// <param name="location">A folder, url or remote name; relative folders are taken from the current directory.</param>
    /// <param name="repositoryRoot">The repository whose .dvc/config names remotes and whose .workflow/ holds the cache.</param>
    /// <param name="cacheRoot">Where this machine's caches of registries go; by default the repository's <c>.workflow/registry-cache</c>.</param>
    public static RegistryAddress Parse(string location, string repositoryRoot, string? cacheRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        cacheRoot ??= Path.Combine(Path.GetFullPath(repositoryRoot), ".workflow", "registry-cache");
        var at = location.IndexOf("://", StringComparison.Ordinal);
        var scheme = at > 0 ? location[..at].ToLowerInvariant() : null;
        switch (scheme)
        {
            case "http" or "https" or "webdav" or "webdavs":
                var url = (scheme.StartsWith("webdav", StringComparison.Ordinal) ? "http" + scheme[6..] + location[at..] : location).TrimEnd('/');
                var http = new HttpRemoteSettings(url, "PUT") { ConnectTimeout = TimeSpan.FromSeconds(10) };
                return Remote(location.TrimEnd('/'), () => new HttpRemote("registry", http, 4), "", CacheOf(cacheRoot, url));
            case "s3":
                var s3 = S3Of(location);
                return Remote(location.TrimEnd('/'), () => new S3Remote("registry", s3, 4), "", CacheOf(cacheRoot, location.TrimEnd('/')));
            case null:
                break;
            default:
                throw new WorkflowException(
                    $"The registry '{location}' has the scheme {scheme}://, but a registry can be a folder, an http(s):// or webdav(s):// url, an s3:// url, or the name of a remote in .dvc/config.");
        }

        if (NamedRemote(location, repositoryRoot) is { } remote)
        {
            if (remote.LocalPath is { } folder)
                return Folders(Path.Combine(folder, RemotePrefix), location, cacheRoot);
            var display = $"{location} ({remote.Location}/{RemotePrefix})";
            return Remote(display, () => RemoteFactory.Open(remote, new DataOptions(), forPush: true), RemotePrefix,
                CacheOf(cacheRoot, $"{remote.Location}/{RemotePrefix}"));
        }

        return Folders(location, null, cacheRoot);
    }

    /// <summary>A folder registry; <paramref name="repositoryRoot"/> (default: the current directory) holds this machine's records of it.</summary>
    public static RegistryAddress OfFolder(string folder, string? repositoryRoot = null, string? cacheRoot = null) =>
        Folders(folder, null, cacheRoot ?? Path.Combine(Path.GetFullPath(repositoryRoot ?? Environment.CurrentDirectory), ".workflow", "registry-cache"));

    /// <summary>
    /// The cache root for a tool run outside any repository: <c>$XDG_CACHE_HOME/workflow/registry-cache</c>, else
    /// <c>~/.cache/workflow/registry-cache</c>.
    /// </summary>
    public static string UserCacheRoot() => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "workflow", "registry-cache");

    private static RegistryAddress Remote(string display, Func<IRemote> open, string prefix, string cache) =>
        new(display, null, open, prefix, cache, cache);

    private static RegistryAddress Folders(string folder, string? name, string cacheRoot)
    {
        var full = Path.GetFullPath(folder);
        return new RegistryAddress(name is null ? full : $"{name} ({full})", full, null, "", null, CacheOf(cacheRoot, full));
    }

    private static DvcRemote? NamedRemote(string name, string repositoryRoot)
    {
        if (name.Contains('/') || name.Contains(Path.DirectorySeparatorChar) || name.StartsWith('.')) return null;
        var workspace = new DvcWorkspace(repositoryRoot);
        if (!File.Exists(Path.Combine(workspace.DvcDirectory, "config"))) return null;
        var config = workspace.LoadConfig();
        return config.RemoteUrls.ContainsKey(name) ? config.Remote(name) : null;
    }

    private static S3RemoteSettings S3Of(string url)
    {
        var located = S3RemoteSettings.FromUrl(url)
            ?? throw new WorkflowException($"The registry '{url}' names no bucket; use s3://BUCKET/PREFIX.");
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") is { Length: > 0 } s3Endpoint ? s3Endpoint
            : Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is { Length: > 0 } endpointUrl ? endpointUrl : null;
        return located with
        {
            EndpointUrl = endpoint,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            CreateSettle = int.TryParse(Environment.GetEnvironmentVariable(S3SettleVariable), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var settle) ? TimeSpan.FromMilliseconds(settle) : TimeSpan.FromSeconds(1),
        };
    }

    private static string CacheOf(string cacheRoot, string location) =>
        Path.Combine(cacheRoot, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(location)))[..16]);
}
