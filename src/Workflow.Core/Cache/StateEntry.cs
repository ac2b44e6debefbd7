namespace Workflow.Cache;

/// <summary>A file's hash as the <see cref="StateCache"/> recorded it, with the stat the file had then.</summary>
internal readonly record struct StateEntry(FileStat Stat, string Hash);
