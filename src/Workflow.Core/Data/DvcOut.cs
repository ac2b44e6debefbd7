namespace Workflow.Data;

/// <summary>
/// The one output recorded in data.dvc: the tracked directory's hash ("….dir"), total bytes, file count and path
/// (relative to data.dvc). Size and file count are informational and may be absent in hand-edited files.
/// </summary>
public sealed record DvcOut(string Md5, long? Size, int? NFiles, string Path);
