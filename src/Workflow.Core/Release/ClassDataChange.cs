namespace Workflow.Release;

/// <summary>
/// The recordings of one class added, removed and modified (same path, other bytes) since the baseline's data,
/// as paths relative to the data root, sorted; and how many the class has now.
/// </summary>
public sealed record ClassDataChange(
    string Class,
    int Recordings,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Modified)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Modified.Count == 0;
}
