using Workflow.Data;

namespace Workflow.Pipeline;

/// <summary>
/// The data targets that are not part of the training graph: TrackData, DataStatus and PushData. Each prints a
/// summary; failures are <see cref="WorkflowException"/>s, which make Cake exit non-zero.
/// </summary>
public static class DataTargets
{
    private const int MaxNamed = 5;

    public static void TrackData(string root, TextWriter log)
    {
        var result = DataTracker.Commit(new DvcWorkspace(root), Options(log));
        var changes = result.ComparedWithPrevious
            ? $"+{result.Added.Count} ~{result.Modified.Count} -{result.Deleted.Count}"
            : "changes unknown: previous listing not in the cache";
        log.WriteLine($"TrackData: data.dvc ← {result.Out.Md5} ({result.Out.NFiles} files, {result.Out.Size} B); {changes}; " +
                      $"{result.ObjectsStored} object(s) stored, {result.FilesHashed} hashed" +
                      (result.DvcFileWritten ? "" : "; data.dvc unchanged"));
        if (result.InvalidDvcFileBackup is not null)
            log.WriteLine($"TrackData: the previous data.dvc was invalid; it was saved to {result.InvalidDvcFileBackup}.");
        if (result.DvcFileWritten) log.WriteLine("TrackData: commit data.dvc to share the new version, and run PushData to upload its objects.");
    }

    public static void DataStatus(string root, TextWriter log)
    {
        var status = Data.DataStatus.Check(new DvcWorkspace(root), Options(log));
        log.WriteLine(status.IsClean
            ? $"DataStatus: data/ matches data.dvc ({status.Unchanged} files)"
            : $"DataStatus: data/ differs from data.dvc: {Count("added", status.Added)}, {Count("modified", status.Modified)}, {Count("deleted", status.Deleted)}; record it with TrackData");
        foreach (var (kind, paths) in new[] { ("added", status.Added), ("modified", status.Modified), ("deleted", status.Deleted) })
            foreach (var path in paths.Take(MaxNamed)) log.WriteLine($"  {kind}: data/{path}");
        log.WriteLine(status.RemoteName is null ? "DataStatus: no default remote configured"
            : status.RemoteIsComplete ? $"DataStatus: remote '{status.RemoteName}' is up to date"
            : $"DataStatus: remote '{status.RemoteName}' lacks {status.MissingOnRemote.Count} object(s); send them with PushData");
    }

    public static void PushData(string root, TextWriter log)
    {
        var result = DataPusher.Push(new DvcWorkspace(root), Options(log));
        log.WriteLine($"PushData: {result.Uploaded} object(s) ({result.BytesUploaded} B) sent to '{result.RemoteName}' ({result.RemoteLocation}), {result.AlreadyOnRemote} already there");
    }

    private static DataOptions Options(TextWriter log) => new() { Log = log, Progress = Progress.ProgressDisplay.ForConsole(log) };

    private static string Count(string kind, IReadOnlyList<string> paths) => $"{paths.Count} {kind}";
}
