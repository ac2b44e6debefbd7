using System.Globalization;

namespace Workflow.Data;

/// <summary>
/// The parts of DVC's configuration Workflow uses: the default remote, and each remote's url and settings.
/// </summary>
/// <remarks>
/// Format (DVC's configobj INI; <c>.dvc/config</c> is committed, <c>.dvc/config.local</c> is not and wins):
/// <code>
/// [core]
///     remote = bundled
/// ['remote "bundled"']
///     url = ../dvc-remote
/// ['remote "team"']
///     url = https://dvc.example.org/store
///     method = PUT
/// ['remote "s3"']
///     url = s3://bucket/prefix
///     endpointurl = http://127.0.0.1:9000
/// </code>
/// A relative url is relative to the .dvc directory, as in DVC. Section headers may also be written
/// <c>[remote "bundled"]</c>; values may be quoted; '#' and ';' start comments.
/// </remarks>
public sealed class DvcConfig
{
    private const string Restore = "or restore it with `git checkout .dvc/config`.";
    private readonly Dictionary<string, Dictionary<string, string>> remotes = new(StringComparer.Ordinal);

    private DvcConfig(string dvcDirectory) => DvcDirectory = Path.GetFullPath(dvcDirectory);

    public string DvcDirectory { get; }

    public string? DefaultRemoteName { get; private set; }

    /// <summary>Remote name → url as written.</summary>
    public IReadOnlyDictionary<string, string> RemoteUrls => remotes
        .Where(r => r.Value.ContainsKey("url"))
        .ToDictionary(r => r.Key, r => r.Value["url"], StringComparer.Ordinal);

    private string ConfigPath => Path.Combine(DvcDirectory, "config");

    /// <summary>Reads <c>config</c> and then, when present, <c>config.local</c> from the .dvc directory.</summary>
    public static DvcConfig Load(string dvcDirectory)
    {
        var config = new DvcConfig(dvcDirectory);
        if (!File.Exists(config.ConfigPath))
        {
            throw new WorkflowException(
                $"{config.ConfigPath} does not exist; create it with a default remote (see dvc-remote/README.md) {Restore}");
        }

        config.Merge(File.ReadAllText(config.ConfigPath));
        var local = config.ConfigPath + ".local";
        if (File.Exists(local))
        {
            config.Merge(File.ReadAllText(local));
        }

        return config;
    }

    public static DvcConfig Parse(string text, string dvcDirectory)
    {
        var config = new DvcConfig(dvcDirectory);
        config.Merge(text);
        return config;
    }

    public DvcRemote DefaultRemote()
    {
        if (string.IsNullOrEmpty(DefaultRemoteName))
        {
            throw new WorkflowException(
                $"{ConfigPath} names no default remote; add `remote = bundled` under `[core]` {Restore}");
        }

        return Remote(DefaultRemoteName);
    }

    public DvcRemote Remote(string name)
    {
        if (!remotes.TryGetValue(name, out var settings) || !settings.TryGetValue("url", out var url) || url.Length == 0)
        {
            throw new WorkflowException(
                $"{ConfigPath} has no url for the remote '{name}'; add a ['remote \"{name}\"'] section with "
                + $"`url = ../dvc-remote` {Restore}");
        }

        var scheme = url.Contains("://", StringComparison.Ordinal) ? url[..url.IndexOf("://", StringComparison.Ordinal)] : null;
        return scheme?.ToLowerInvariant() switch
        {
            null => new DvcRemote(name, url, Path.GetFullPath(Path.Combine(DvcDirectory, url))),
            "http" or "https" => new DvcRemote(name, url, null) { Http = HttpSettings(name, url, "POST", settings) },
            "webdav" or "webdavs" => new DvcRemote(name, url, null)
            {
                Http = HttpSettings(name, (scheme.EndsWith('s') ? "https" : "http") + url[scheme.Length..], "PUT", settings),
            },
            "s3" => new DvcRemote(name, url, null) { S3 = S3Settings(name, url, settings) },
            _ => throw new WorkflowException(
                $"The remote '{name}' in {ConfigPath} has the url '{url}', but Workflow reads only local, http(s), "
                + "webdav(s) and s3 remotes; set its url to a folder path such as ../dvc-remote, an https:// or an s3:// url."),
        };
    }

    private HttpRemoteSettings HttpSettings(
        string name, string baseUrl, string defaultMethod, Dictionary<string, string> settings)
    {
        var method = settings.GetValueOrDefault("method", defaultMethod).ToUpperInvariant();
        if (method is not ("POST" or "PUT"))
        {
            throw Invalid(name, "method", settings["method"], "POST (DVC's default) or PUT");
        }

        var auth = settings.GetValueOrDefault("auth");
        if (auth is not (null or "basic" or "custom"))
        {
            throw Invalid(name, "auth", auth, "basic or custom");
        }

        return new HttpRemoteSettings(baseUrl.TrimEnd('/'), method)
        {
            Auth = auth,
            User = settings.GetValueOrDefault("user"),
            Password = settings.GetValueOrDefault("password"),
            CustomAuthHeader = settings.GetValueOrDefault("custom_auth_header"),
            ConnectTimeout = Seconds(name, "connect_timeout", settings, 60),
            ReadTimeout = Seconds(name, "read_timeout", settings, 60),
            SslVerify = settings.GetValueOrDefault("ssl_verify", "true").ToLowerInvariant() is not ("false" or "0" or "no"),
        };
    }

    private S3RemoteSettings S3Settings(string name, string url, Dictionary<string, string> settings)
    {
        var located = S3RemoteSettings.FromUrl(url) ?? throw Invalid(name, "url", url, "s3://BUCKET or s3://BUCKET/PREFIX");

        var endpoint = settings.GetValueOrDefault("endpointurl");
        if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw Invalid(name, "endpointurl", endpoint, "an absolute url such as http://127.0.0.1:9000");
        }

        var (id, secret) = (settings.GetValueOrDefault("access_key_id"), settings.GetValueOrDefault("secret_access_key"));
        if ((id is null) != (secret is null))
        {
            var (missing, present) = id is null ? ("access_key_id", "secret_access_key") : ("secret_access_key", "access_key_id");
            throw new WorkflowException(
                $"The remote '{name}' has {present} but no {missing} in {ConfigPath} or config.local; set it with "
                + $"`dvc remote modify --local {name} {missing} VALUE`, or remove both to use the AWS environment.");
        }

        return located with
        {
            EndpointUrl = endpoint?.TrimEnd('/'),
            Region = settings.GetValueOrDefault("region"),
            AccessKeyId = id,
            SecretAccessKey = secret,
            SessionToken = settings.GetValueOrDefault("session_token"),
            Profile = settings.GetValueOrDefault("profile"),
            ConnectTimeout = Seconds(name, "connect_timeout", settings, 60),
            ReadTimeout = Seconds(name, "read_timeout", settings, 60),
        };
    }

    private TimeSpan Seconds(string name, string key, Dictionary<string, string> settings, double fallback)
    {
        if (!settings.TryGetValue(key, out var text))
        {
            return TimeSpan.FromSeconds(fallback);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw Invalid(name, key, text, "a positive number of seconds");
    }

    private WorkflowException Invalid(string name, string key, string value, string expected) => new(
        $"The remote '{name}' in {ConfigPath} has {key} = {value}, but it must be {expected}; fix it with "
        + $"`dvc remote modify {name} {key} VALUE` or edit the file.");

    private void Merge(string text)
    {
        string? section = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                section = Unquote(line[1..^1].Trim());
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || section is null)
            {
                continue; // not a setting Workflow could use; DVC itself validates its own file
            }

            Set(section, line[..equals].Trim(), Unquote(StripComment(line[(equals + 1)..].Trim())));
        }
    }

    private void Set(string section, string key, string value)
    {
        if (section == "core" && key == "remote")
        {
            DefaultRemoteName = value;
        }
        else if (section.StartsWith("remote \"", StringComparison.Ordinal) && section.EndsWith('"'))
        {
            var name = section["remote \"".Length..^1];
            if (!remotes.TryGetValue(name, out var settings))
            {
                remotes[name] = settings = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            settings[key] = value;
        }
    }

    private static string StripComment(string value)
    {
        if (value.Length > 0 && value[0] is '\'' or '"')
        {
            var close = value.IndexOf(value[0], 1);
            return close < 0 ? value : value[..(close + 1)];
        }

        var hash = value.IndexOf(" #", StringComparison.Ordinal);
        return hash < 0 ? value : value[..hash].TrimEnd();
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] is '\'' or '"' && value[^1] == value[0] ? value[1..^1] : value;
}
