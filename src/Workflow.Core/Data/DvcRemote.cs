namespace Workflow.Data;

/// <summary>
/// A remote from .dvc/config: its name, its url as written, and either the folder a local url resolves to or, for
/// an http(s) or webdav(s) url, the settings of the http remote (<see cref="LocalPath"/> is then null).
/// </summary>
public sealed record DvcRemote(string Name, string Url, string? LocalPath)
{
    public HttpRemoteSettings? Http { get; init; }

    /// <summary>The url for http remotes, the resolved folder for local ones: what messages should name.</summary>
    public string Location => LocalPath ?? Http?.BaseUrl ?? Url;
}
