using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Pipeline;

namespace Workflow.Stages;

/// <summary>
/// Makes <c>data/</c> match <c>data.dvc</c> from the default DVC remote: missing files only, each verified by md5.
/// Files the user changed or added are never overwritten or deleted, only reported. Not a cached stage: the data
/// lives in DVC's object layout, not in our store, so this decides its one unit itself.
/// </summary>
public sealed class FetchDataStage(Workspace workspace, TextWriter log)
{
    public const string Name = "FetchData";
    private const int MaxNamed = 3;

    /// <summary>After a planned run: the relpaths data.dvc lists, and those not in data/ yet.</summary>
    public IReadOnlyList<string> Listed { get; private set; } = [];

    public IReadOnlyList<string> Missing { get; private set; } = [];

    public UnitDecision Run(bool plan)
    {
        if (!workspace.UsesTrackedData)
            return new UnitDecision(Name, "data", UnitDecision.UpToDate, $"not needed: --data={workspace.DataRoot} is used instead of data.dvc", "", 0);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var dvcPath = Path.Combine(workspace.Root, DvcFile.FileName);
        if (!File.Exists(dvcPath))
            throw new WorkflowException($"{DvcFile.FileName} does not exist in {workspace.Root}; restore it with `git checkout {DvcFile.FileName}`, or pass --data=DIR.");
        var @out = DvcFile.Read(dvcPath);
        var remote = DvcConfig.Load(Path.Combine(workspace.Root, ".dvc")).DefaultRemote();
        var key = CanonicalJson.Hash(new JObject { ["stage"] = Name, ["md5"] = @out.Md5 });

        if (plan)
        {
            var missing = PlanFetch(@out, remote);
            return missing == 0
                ? Decision("up-to-date", $"data/ has all {@out.NFiles} files of data.dvc")
                : Decision("ran", $"{missing} file(s) missing from data/ would be fetched from remote '{remote.Name}'");
        }

        var result = DataCheckout.Checkout(@out, workspace.DataRoot, new ObjectDirectory(remote.LocalPath));
        WarnAboutLocalChanges(result);
        return result.FetchedCount == 0
            ? Decision("up-to-date", $"data/ has all {@out.NFiles} files of data.dvc")
            : Decision("ran", $"fetched {result.FetchedCount} missing file(s) from remote '{remote.Name}' ({Named(result.Fetched)})");

        UnitDecision Decision(string status, string reason) =>
            new(Name, "data", status, reason, key, Math.Round(clock.Elapsed.TotalSeconds, 3));
    }

    private int PlanFetch(DvcOut @out, DvcRemote remote)
    {
        var objects = new ObjectDirectory(remote.LocalPath);
        if (objects.TryReadAllBytes(@out.Md5, out var bytes) != ObjectStatus.Present)
            throw new WorkflowException(
                $"The listing {@out.Md5} of data.dvc is missing or corrupt in remote '{remote.Name}' ({remote.LocalPath}); " +
                "run PushData from a machine that has the data, or check the remote's url in .dvc/config.");
        var listing = DirListing.Parse(bytes, objects.PathFor(@out.Md5));
        Listed = listing.Entries.Select(e => e.RelPath).ToList();
        Missing = Listed.Where(p => !File.Exists(Path.Combine(workspace.DataRoot, p))).ToList();
        return Missing.Count;
    }

    private void WarnAboutLocalChanges(CheckoutResult result)
    {
        if (result.ModifiedByUserCount > 0)
            log.WriteLine($"warning: {result.ModifiedByUserCount} file(s) in data/ differ from data.dvc and are used as they are ({Named(result.ModifiedByUser)}).");
        if (result.ExtraCount > 0)
            log.WriteLine($"warning: {result.ExtraCount} file(s) in data/ are not in data.dvc and are used as they are ({Named(result.Extra)}).");
    }

    private static string Named(IReadOnlyList<string> paths) =>
        string.Join(", ", paths.Take(MaxNamed).Select(p => "data/" + p)) + (paths.Count > MaxNamed ? $", +{paths.Count - MaxNamed} more" : "");
}
