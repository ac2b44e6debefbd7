namespace Workflow.Cache;

/// <summary>
/// How a workspace output shares storage with its store blob, tried in the configured order like DVC's
/// <c>cache.type</c>: a reflink (copy-on-write clone: no extra space, edits never reach the blob; XFS, Btrfs), a
/// hard link to the read-only blob (no extra space; the blob is protected by its permissions only), or a copy.
/// </summary>
public enum LinkType
{
    Reflink,
    Hardlink,
    Copy,
}
