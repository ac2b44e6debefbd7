namespace Workflow.Registry;

/// <summary>
/// What <c>gc</c> removed (or, with <see cref="DryRun"/>, would remove): blobs no version references, by SHA-256,
/// and their total size; <see cref="Kept"/> is the number of referenced blobs left in place.
/// </summary>
public sealed record GcResult(bool DryRun, IReadOnlyList<string> Removed, long Bytes, int Kept);
