namespace Workflow.Data;

/// <summary>
/// The parts of DVC's configuration Workflow uses: the default remote and where each local remote lives.
/// </summary>
/// <remarks>
/// Format (DVC's configobj INI; <c>.dvc/config</c> is committed, <c>.dvc/config.local</c> is not and wins):
/// <code>
/// [core]
///     remote = bundled
/// ['remote "bundled"']
///     url = ../dvc-remote
/// </code>
/// A relative url is relative to the .dvc directory, as in DVC. Section headers may also be written
/// <c>[remote "bundled"]</c>; values may be quoted; '#' and ';' start comments.
/// </remarks>
public sealed class DvcConfig
{
    private const string Restore = "or restore it with `git checkout .dvc/config`.";
    private readonly Dictionary<string, string> remoteUrls = new(StringComparer.Ordinal);

    private DvcConfig(string dvcDirectory) => DvcDirectory = Path.GetFullPath(dvcDirectory);

    public string DvcDirectory { get; }

    public string? DefaultRemoteName { get; private set; }

    /// <summary>Remote name → url as written.</summary>
    public IReadOnlyDictionary<string, string> RemoteUrls => remoteUrls;

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
        if (!remoteUrls.TryGetValue(name, out var url) || url.Length == 0)
        {
            throw new WorkflowException(
                $"{ConfigPath} has no url for the remote '{name}'; add a ['remote \"{name}\"'] section with "
                + $"`url = ../dvc-remote` {Restore}");
        }

        if (url.Contains("://", StringComparison.Ordinal))
        {
            throw new WorkflowException(
                $"The remote '{name}' in {ConfigPath} has the url '{url}', but Workflow reads only local remotes; "
                + "set its url to a folder path such as ../dvc-remote.");
        }

        return new DvcRemote(name, url, Path.GetFullPath(Path.Combine(DvcDirectory, url)));
    }

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
        else if (key == "url" && section.StartsWith("remote \"", StringComparison.Ordinal) && section.EndsWith('"'))
        {
            remoteUrls[section["remote \"".Length..^1]] = value;
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
