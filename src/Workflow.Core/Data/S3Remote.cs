using System.Buffers;
using System.Globalization;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Workflow.Data;

/// <summary>
/// DVC's <c>s3</c> remote through AWSSDK.S3: HEAD checks an object, GET streams it (404: absent), PUT stores it —
/// from memory up to <see cref="S3RemoteSettings.PartSize"/>, as a multipart upload above, aborted if the content
/// throws. The SDK does not retry: failures are classified by <see cref="S3Faults"/> and the caller's backoff rules.
/// </summary>
public sealed class S3Remote : IRemote
{
    private readonly AmazonS3Client client;
    private readonly S3RemoteSettings settings;
    private readonly S3Faults faults;
    private Task? bucketCheck;
    private Task<bool>? conditionalWrites;

    public S3Remote(string name, S3RemoteSettings settings, int connections)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Name = name;
        this.settings = settings;
        faults = new S3Faults(name, settings);
        var config = new AmazonS3Config
        {
            // The caller retries with backoff; SDK retries underneath would multiply attempts and hide the cause.
            MaxErrorRetry = 0,
            ConnectTimeout = settings.ConnectTimeout,
            Timeout = settings.ReadTimeout,
            MaxConnectionsPerServer = Math.Max(1, connections),
            // SDK v4 otherwise sends aws-chunked bodies with trailing checksums, which S3-compatible servers such as
            // s3rver store verbatim (chunk framing and all); the caller verifies every MD5 itself.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true; // MinIO and s3rver have no per-bucket host names
            config.AuthenticationRegion = settings.Region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region ?? DefaultRegion());
        }

        if (settings.Profile is { } profile)
        {
            config.Profile = new Profile(profile);
        }

        client = Credentials(settings) is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    public string Name { get; }

    public string Location => settings.EndpointUrl is null ? settings.Url : $"{settings.Url} at {settings.EndpointUrl}";

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        var key = settings.KeyOf(RemotePaths.Checked(path));
        try
        {
            await Call("HEAD", key, t => client.GetObjectMetadataAsync(settings.Bucket, key, t), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A HEAD answer has no body, so a missing bucket looks like a missing object: ask once which it is.
            await CheckBucket(key, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    public Task<bool> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken) =>
        DownloadFromAsync(path, 0, destination, cancellationToken);

    public async Task<bool> DownloadFromAsync(string path, long offset, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var key = settings.KeyOf(RemotePaths.Checked(path));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        GetObjectResponse response;
        try
        {
            var request = new GetObjectRequest { BucketName = settings.Bucket, Key = key };
            if (offset > 0) request.ByteRange = new ByteRange($"bytes={offset.ToString(CultureInfo.InvariantCulture)}-");
            response = await Call("GET", key, t => client.GetObjectAsync(request, t), timeout.Token).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
        catch (AmazonS3Exception e) when (offset > 0 && e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return true; // nothing left to read
        }

        using (response)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                while (true)
                {
                    // A stalled body is a timeout too: the clock restarts with every chunk received.
                    timeout.CancelAfter(settings.ReadTimeout);
                    int read;
                    try
                    {
                        read = await response.ResponseStream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not WorkflowException)
                    {
                        throw faults.Classify(e, "GET", key, cancellationToken);
                    }

                    if (read == 0)
                    {
                        return true;
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public async Task UploadAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = settings.KeyOf(RemotePaths.Checked(path));
        var buffer = ArrayPool<byte>.Shared.Rent(settings.PartSize);
        try
        {
            // Read before anything is sent: content that throws here (fails its check) has put nothing on the server.
            var length = await Fill(content, buffer, cancellationToken).ConfigureAwait(false);
            if (length < settings.PartSize)
            {
                await Call("PUT", key, t => client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = settings.Bucket,
                    Key = key,
                    InputStream = new MemoryStream(buffer, 0, length, writable: false),
                    UseChunkEncoding = false,
                    AutoCloseStream = false,
                }, t), cancellationToken).ConfigureAwait(false);
                return;
            }

            await new S3MultipartUpload(client, settings.Bucket, key, faults, settings.ConnectTimeout + settings.ReadTimeout)
                .RunAsync(buffer, length, content, Fill, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public string CreateGuarantee => conditionalWrites is { IsCompletedSuccessfully: true, Result: false }
        ? string.Create(CultureInfo.InvariantCulture,
            $"this server ignores conditional writes (If-None-Match), so: check, write, wait {settings.CreateSettle.TotalSeconds:0.#} s, read back; two writers are told apart unless one's write takes longer than that wait")
        : "atomic: PUT with If-None-Match: * (conditional writes, as AWS S3 has them since 2024)";

    public async Task<bool> CreateAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = settings.KeyOf(RemotePaths.Checked(path));
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        var bytes = copy.ToArray();
        if (await ConditionalWrites(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await Put(key, bytes, "*", cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                return false;
            }
        }

        if (await ExistsAsync(path, cancellationToken).ConfigureAwait(false)) return false;
        await Put(key, bytes, null, cancellationToken).ConfigureAwait(false);
        // Last writer wins on S3: after the wait, whoever reads back their own bytes created the object.
        await Task.Delay(settings.CreateSettle, cancellationToken).ConfigureAwait(false);
        using var back = new MemoryStream();
        return await DownloadAsync(path, back, cancellationToken).ConfigureAwait(false) && back.ToArray().AsSpan().SequenceEqual(bytes);
    }

    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(path, cancellationToken).ConfigureAwait(false)) return false;
        var key = settings.KeyOf(RemotePaths.Checked(path));
        await Call("DELETE", key, t => client.DeleteObjectAsync(settings.Bucket, key, t), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<RemoteObject>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var start = settings.KeyOf(RemotePaths.Checked(prefix)) + "/";
        var root = settings.Prefix.Length == 0 ? 0 : settings.Prefix.Length + 1;
        var found = new List<RemoteObject>();
        string? token = null;
        do
        {
            var page = await Call("GET", start, t => client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = settings.Bucket, Prefix = start, ContinuationToken = token }, t), cancellationToken).ConfigureAwait(false);
            found.AddRange((page.S3Objects ?? []).Select(o => new RemoteObject(o.Key[root..], o.Size ?? 0)));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return found.OrderBy(o => o.Path, StringComparer.Ordinal).ToList();
    }

    public void Dispose() => client.Dispose();

    private Task Put(string key, byte[] bytes, string? ifNoneMatch, CancellationToken cancellationToken) =>
        Call("PUT", key, t => client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = settings.Bucket,
            Key = key,
            InputStream = new MemoryStream(bytes, writable: false),
            UseChunkEncoding = false,
            IfNoneMatch = ifNoneMatch,
        }, t), cancellationToken);

    /// <summary>Whether the server honours If-None-Match on PUT: asked once, by writing a probe object twice.</summary>
    private Task<bool> ConditionalWrites(CancellationToken cancellationToken) => conditionalWrites ??= Probe(cancellationToken);

    /// <remarks>
    /// The probe sits beside the remote's other objects, not in a folder of its own: s3rver (the test server) deletes
    /// a folder its last object left, and a concurrent write into that folder then crashed it (ENOENT).
    /// </remarks>
    private async Task<bool> Probe(CancellationToken cancellationToken)
    {
        var key = settings.KeyOf($".workflow-probe-{Guid.NewGuid():N}");
        try
        {
            await Put(key, [1], null, cancellationToken).ConfigureAwait(false);
            try
            {
                await Put(key, [2], "*", cancellationToken).ConfigureAwait(false);
                return false;
            }
            catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                return true;
            }
            finally
            {
                await Call("DELETE", key, t => client.DeleteObjectAsync(settings.Bucket, key, t), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            conditionalWrites = null; // a failed probe is asked again next time
            throw;
        }
    }

    /// <summary>Runs one request with a bounded time, turning SDK and network failures into the remote's kinds.</summary>
    internal Task<T> Call<T>(string method, string key, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken) =>
        faults.Call(method, key, request, settings.ConnectTimeout + settings.ReadTimeout, cancellationToken);

    /// <summary>Reads until <paramref name="buffer"/> (up to the part size) is full or the content ends.</summary>
    private async Task<int> Fill(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        int read;
        while (length < settings.PartSize
               && (read = await content.ReadAsync(buffer.AsMemory(length, settings.PartSize - length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return length;
    }

    private async Task CheckBucket(string key, CancellationToken cancellationToken)
    {
        // Listing just the missing key: a cheap answer on any bucket, and one that names a missing bucket.
        var check = bucketCheck ??= Call("GET", "", async t =>
        {
            try
            {
                await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = settings.Bucket, Prefix = key, MaxKeys = 1 }, t)
                    .ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode != "NoSuchBucket" && (int)e.StatusCode < 500)
            {
                // Listing may be forbidden where reading is not; only a missing bucket is worth stopping for.
            }

            return true;
        }, cancellationToken);
        try
        {
            await check.ConfigureAwait(false);
        }
        catch
        {
            bucketCheck = null; // a failed check is asked again next time, not remembered
            throw;
        }
    }

    private static AWSCredentials? Credentials(S3RemoteSettings settings) => (settings.AccessKeyId, settings.SecretAccessKey) switch
    {
        ({ } id, { } secret) when settings.SessionToken is { } token => new SessionAWSCredentials(id, secret, token),
        ({ } id, { } secret) => new BasicAWSCredentials(id, secret),
        _ => null, // the SDK's chain: environment, profile, container or instance role
    };

    // As boto: the environment, else us-east-1 (where a bucket's region is not known, S3 redirects).
    private static string DefaultRegion() =>
        Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } region ? region
        : Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 } fallback ? fallback
        : "us-east-1";
}
