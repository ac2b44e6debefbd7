namespace Workflow.Data;

/// <summary>
/// A remote from .dvc/config: its name, its url as written, and either the folder a local url resolves to or, for
/// an http(s), webdav(s) or s3 url, the settings of that remote (<see cref="LocalPath"/> is then null).
/// </summary>
public sealed record DvcRemote(string Name, string Url, string? LocalPath)
{
    public HttpRemoteSettings? Http { get; init; }

    public S3RemoteSettings? S3 { get; init; }

    /// <summary>The url for http and s3 remotes, the resolved folder for local ones: what messages should name.</summary>
    public string Location => LocalPath ?? Http?.BaseUrl ?? Url;
}
