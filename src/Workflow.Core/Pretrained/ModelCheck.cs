namespace Workflow.Pretrained;

/// <summary>What CheckModels found for one pretrained model. <see cref="Problem"/> is null when every check passed.</summary>
public sealed record ModelCheck(
    string Name,
    bool Critical,
    string Path,
    bool Present,
    bool Fetched,
    long Bytes,
    bool HashMatches,
    bool Loads,
    bool SignatureMatches,
    bool SmokeRuns,
    string? Problem)
{
    public bool Passed => Problem is null;
}
