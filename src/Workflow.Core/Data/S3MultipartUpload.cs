using Amazon.S3;
using Amazon.S3.Model;

namespace Workflow.Data;

/// <summary>
/// One large object sent as an S3 multipart upload, a buffer-sized part at a time. S3 shows the object only once the
/// upload is completed, so content that throws midway (a verifying stream at its end) aborts the upload and leaves
/// nothing, and the parts already sent are discarded by the abort.
/// </summary>
internal sealed class S3MultipartUpload(AmazonS3Client client, string bucket, string key, S3Faults faults, TimeSpan limit)
{
    /// <param name="buffer">Holds the first part, already read and full.</param>
    /// <param name="fill">Reads the next part into the buffer; returns its length, 0 at the end.</param>
    public async Task RunAsync(
        byte[] buffer, int length, Stream content, Func<Stream, byte[], CancellationToken, Task<int>> fill, CancellationToken cancellationToken)
    {
        var upload = await faults.Call("POST", key, t => client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, t), limit, cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            for (var number = 1; length > 0; number++)
            {
                var part = await faults.Call("PUT", key, t => client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    PartSize = length,
                    InputStream = new MemoryStream(buffer, 0, length, writable: false),
                    UseChunkEncoding = false,
                }, t), limit, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(number, part.ETag));
                length = await fill(content, buffer, cancellationToken).ConfigureAwait(false);
            }

            await faults.Call("POST", key, t => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, t), limit, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await Abort(upload.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    // Best effort, even when the caller has cancelled: a leftover upload is invisible but is billed for its parts.
    private async Task Abort(string uploadId)
    {
        try
        {
            await faults.Call("DELETE", key, t => client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, t), limit, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransientRemoteException or WorkflowException or AmazonS3Exception)
        {
            // The upload's own failure is the one to report; a bucket lifecycle rule can clear what is left.
        }
    }
}
