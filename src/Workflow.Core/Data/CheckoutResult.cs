namespace Workflow.Data;

/// <summary>
/// What a checkout found and did. Relpaths are '/'-separated, relative to the data directory, sorted ordinally.
/// </summary>
/// <param name="Present">Listed files already in the workspace with the recorded content.</param>
/// <param name="Fetched">Listed files that were missing and were copied from the remote.</param>
/// <param name="ModifiedByUser">Listed files whose workspace content differs; left as they are.</param>
/// <param name="Extra">Workspace files the listing does not know; left as they are.</param>
public sealed record CheckoutResult(
    IReadOnlyList<string> Present,
    IReadOnlyList<string> Fetched,
    IReadOnlyList<string> ModifiedByUser,
    IReadOnlyList<string> Extra)
{
    public int PresentCount => Present.Count;
    public int FetchedCount => Fetched.Count;
    public int ModifiedByUserCount => ModifiedByUser.Count;
    public int ExtraCount => Extra.Count;
}
