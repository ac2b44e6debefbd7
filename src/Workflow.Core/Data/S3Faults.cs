using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Workflow.Data;

/// <summary>
/// Sorts an s3 remote's failures as the caller needs them: worth retrying (5xx, 408, 429, timeouts, refused or reset
/// connections: <see cref="TransientRemoteException"/>), or not (refused credentials, a missing bucket: a
/// <see cref="WorkflowException"/> naming the remote and the setting to fix). A 404 for an object passes through as
/// the SDK's exception, for the remote to read as "absent"; so do 412 and 409 (a conditional PUT found the object) and
/// 416 (a range past the end), which the remote reads as answers too.
/// </summary>
internal sealed class S3Faults(string name, S3RemoteSettings settings)
{
    private const string Credentials = "access_key_id and secret_access_key (with session_token for temporary keys), or profile,";

    private string Remote => settings.EndpointUrl is null ? $"'{name}' ({settings.Url})" : $"'{name}' ({settings.Url} at {settings.EndpointUrl})";

    /// <summary>Runs one request, cancelled after <paramref name="limit"/>, and classifies what it throws.</summary>
    public async Task<T> Call<T>(
        string method, string key, Func<CancellationToken, Task<T>> request, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await request(timeout.Token).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when ((e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
                                          || e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            throw; // answers the remote reads itself: absent, exists already (a conditional PUT), nothing past the offset
        }
        catch (Exception e) when (e is not WorkflowException)
        {
            throw Classify(e, method, key, cancellationToken);
        }
    }

    public Exception Classify(Exception e, string method, string key, CancellationToken cancellationToken)
    {
        var what = $"{method} s3://{settings.Bucket}/{key}";
        if (e is OperationCanceledException || Find<OperationCanceledException>(e) is not null)
        {
            return cancellationToken.IsCancellationRequested ? e : new TransientRemoteException($"{what} timed out", e);
        }

        if (e is AmazonServiceException { StatusCode: not 0 } service)
        {
            return Answered(service, what);
        }

        if (((Exception?)Find<HttpRequestException>(e) ?? (Exception?)Find<SocketException>(e) ?? Find<IOException>(e)) is { } network)
        {
            return new TransientRemoteException($"{what} failed ({network.Message.TrimEnd('.')})", e);
        }

        // The SDK checks a whole object's bytes against its ETag (MD5) as it reads them. A mismatch means the object
        // was replaced while it was read (a lock or index rewritten by another writer): read it again.
        if (e is AmazonClientException && e.Message.StartsWith("Expected hash not equal to calculated hash", StringComparison.Ordinal))
        {
            return new ObjectChangedWhileReadException($"{what} returned bytes that do not match its ETag (the object changed while it was read)", e);
        }

        // Raised before a request is sent: typically no credentials anywhere in the chain, or an unusable setting.
        return e is AmazonClientException
            ? new WorkflowException(
                $"The remote {Remote} could not be used: {e.Message.TrimEnd('.')}. Set {Credentials} for it in .dvc/config.local "
                + $"(`dvc remote modify --local {name} access_key_id KEY`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in "
                + "the environment; check its url, endpointurl and region in .dvc/config.", inner: e)
            : e;
    }

    private Exception Answered(AmazonServiceException e, string what)
    {
        var status = (int)e.StatusCode;
        var answer = string.Create(CultureInfo.InvariantCulture, $"{status} {e.ErrorCode ?? e.StatusCode.ToString()}");
        if (status >= 500 || status is 408 or 429 || e.ErrorCode is "SlowDown" or "RequestTimeout")
        {
            return new TransientRemoteException($"{what} answered {answer}", e);
        }

        if (e.ErrorCode == "NoSuchBucket")
        {
            return new WorkflowException(
                $"The remote {Remote} has no bucket '{settings.Bucket}' (answered {answer} to {what}); create the bucket, "
                + $"or fix the url{(settings.EndpointUrl is null ? " or region" : " or endpointurl")} of the remote '{name}' in .dvc/config.",
                inner: e);
        }

        if (status is 401 or 403 || e.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken")
        {
            return new WorkflowException(
                $"The remote {Remote} refused the credentials (answered {answer} to {what}); set {Credentials} for it in "
                + $".dvc/config.local (`dvc remote modify --local {name} access_key_id KEY`, then secret_access_key), or "
                + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, with rights to read and write the bucket.",
                inner: e);
        }

        return new WorkflowException(
            $"The remote {Remote} answered {answer} to {what}; check its url, endpointurl and region in .dvc/config.", inner: e);
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found)
            {
                return found;
            }
        }

        return null;
    }
}
