namespace Workflow.Data;

/// <summary>
/// Progress of one phase of a data operation: <see cref="Phase"/> is "hash", "check", "upload", "download" or
/// "checkout"; <see cref="Done"/> of <see cref="Total"/> objects (or files) are finished, <see cref="Bytes"/> moved.
/// </summary>
public readonly record struct TransferProgress(string Phase, int Done, int Total, long Bytes);
