namespace Workflow.Data;

/// <summary>
/// The settings of an http remote, with the keys and defaults of DVC's <c>http</c> remote
/// (<c>dvc remote modify NAME KEY VALUE</c>): <c>method</c> is the upload method (POST unless set; PUT for WebDAV
/// and Artifactory), <c>auth</c> is <c>basic</c> (with <c>user</c>, <c>password</c>) or <c>custom</c> (the header
/// <c>custom_auth_header</c> carries <c>password</c>), <c>connect_timeout</c> and <c>read_timeout</c> are seconds,
/// <c>ssl_verify</c> false accepts any certificate. A <c>webdav://</c> or <c>webdavs://</c> url is read as http(s)
/// with PUT uploads.
/// </summary>
public sealed record HttpRemoteSettings(string BaseUrl, string Method)
{
    public string? Auth { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public string? CustomAuthHeader { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public bool SslVerify { get; init; } = true;
}
