namespace Workflow.Registry;

/// <summary>
/// The outcome of <c>verify</c>: how many versions and blobs were checked, what is wrong, and which blobs no
/// version references (not a problem: <c>gc</c> removes them).
/// </summary>
public sealed record VerifyReport(int VersionsChecked, int BlobsChecked, IReadOnlyList<VerifyProblem> Problems, IReadOnlyList<string> UnreferencedBlobs)
{
    public bool Ok => Problems.Count == 0;
}
