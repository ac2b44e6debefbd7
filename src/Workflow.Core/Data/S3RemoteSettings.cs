namespace Workflow.Data;

/// <summary>
/// The settings of an s3 remote, with the keys of DVC's <c>s3</c> remote (<c>dvc remote modify NAME KEY VALUE</c>):
/// <c>url = s3://bucket/prefix</c> (objects at <c>prefix/files/md5/…</c>), <c>endpointurl</c> for S3-compatible
/// servers (MinIO, s3rver: path-style addressing), <c>region</c>, credentials <c>access_key_id</c>,
/// <c>secret_access_key</c>, <c>session_token</c> or a shared-credentials <c>profile</c> (best kept in
/// <c>.dvc/config.local</c>), <c>connect_timeout</c> and <c>read_timeout</c> in seconds. Without credentials the
/// SDK's standard chain is used, as boto does for DVC: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
/// AWS_PROFILE or the default profile in ~/.aws/credentials, then container or instance roles.
/// </summary>
public sealed record S3RemoteSettings(string Url, string Bucket, string Prefix)
{
    public string? EndpointUrl { get; init; }
    public string? Region { get; init; }
    public string? AccessKeyId { get; init; }
    public string? SecretAccessKey { get; init; }
    public string? SessionToken { get; init; }
    public string? Profile { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Objects up to this size go in one PUT from memory; larger ones as a multipart upload of parts this size (S3
    /// wants at least 5 MiB but the last), so a content stream that fails midway is aborted and leaves no object.
    /// </summary>
    public int PartSize { get; init; } = 8 << 20;

    /// <summary>
    /// On a server without conditional writes, how long a create waits before reading back whether its write won
    /// (see <see cref="S3Remote.CreateGuarantee"/>).
    /// </summary>
    public TimeSpan CreateSettle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The bucket and prefix of <c>s3://BUCKET</c> or <c>s3://BUCKET/PREFIX</c>, other settings at their defaults; null when it names no bucket.</summary>
    public static S3RemoteSettings? FromUrl(string url)
    {
        var path = url["s3://".Length..].Trim('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        return bucket.Length == 0 ? null : new S3RemoteSettings(url, bucket, slash < 0 ? "" : path[(slash + 1)..].TrimEnd('/'));
    }

    /// <summary>The object key of a remote path: <c>prefix/path</c>, or the path itself at the bucket's root.</summary>
    public string KeyOf(string path) => Prefix.Length == 0 ? path : $"{Prefix}/{path}";
}
