namespace Workflow.Data;

/// <summary>
/// How <c>data/</c> differs from data.dvc, and what the default remote lacks. Relpaths are relative to the data
/// directory, '/'-separated, sorted ordinally.
/// </summary>
/// <param name="Recorded">What data.dvc records, or null when there is none (every file is then added).</param>
/// <param name="Unchanged">Files whose content matches data.dvc.</param>
/// <param name="FilesHashed">Files read and hashed; the others were vouched for by the state cache.</param>
/// <param name="RemoteName">The default remote checked, or null when the remote was not checked.</param>
/// <param name="MissingOnRemote">Objects of data.dvc (files and the listing) the remote lacks, as MD5s.</param>
/// <param name="MissingOnRemotePaths">The relpaths whose objects the remote lacks ("" stands for the listing).</param>
public sealed record DataStatusResult(
    DvcOut? Recorded,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Modified,
    IReadOnlyList<string> Deleted,
    int Unchanged,
    int FilesHashed,
    string? RemoteName,
    IReadOnlyList<string> MissingOnRemote,
    IReadOnlyList<string> MissingOnRemotePaths)
{
    /// <summary>data/ matches data.dvc exactly.</summary>
    public bool IsClean => Recorded is not null && Added.Count == 0 && Modified.Count == 0 && Deleted.Count == 0;

    public bool RemoteIsComplete => MissingOnRemote.Count == 0;
}
