namespace Workflow.Data;

/// <summary>
/// What TrackData recorded. Relpaths are relative to the data directory, '/'-separated, sorted ordinally; the
/// changes are against the previous data.dvc when its listing was in the cache (<see cref="ComparedWithPrevious"/>).
/// </summary>
/// <param name="Out">What data.dvc now records.</param>
/// <param name="Previous">What it recorded before, or null (no data.dvc, or one that was not valid).</param>
/// <param name="ObjectsStored">Objects newly written to the cache (files plus the listing).</param>
/// <param name="FilesHashed">Files read and hashed; the others were vouched for by the state cache.</param>
/// <param name="DvcFileWritten">False when data.dvc already said exactly this.</param>
/// <param name="InvalidDvcFileBackup">Where an unreadable previous data.dvc was saved before it was replaced.</param>
public sealed record TrackResult(
    DvcOut Out,
    DvcOut? Previous,
    bool ComparedWithPrevious,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Modified,
    IReadOnlyList<string> Deleted,
    int ObjectsStored,
    int FilesHashed,
    bool DvcFileWritten,
    string? InvalidDvcFileBackup);
