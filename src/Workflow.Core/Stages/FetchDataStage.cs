using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Pipeline;

namespace Workflow.Stages;

/// <summary>
/// Makes <c>data/</c> match <c>data.dvc</c> (<see cref="DataFetcher"/>): objects missing from the local DVC cache are
/// pulled from the default remote, verified, then missing files are restored from the cache. Files the user changed
/// or added are never overwritten or deleted, only reported. Not a cached stage: the data lives in DVC's object
/// layout, not in our store, so this decides its one unit itself.
/// </summary>
public sealed class FetchDataStage(Workspace workspace, TextWriter log, bool strict = false)
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
        var data = new DvcWorkspace(workspace.Root);
        var options = new DataOptions { Log = log, Progress = Progress.ProgressDisplay.ForConsole(log) };
        if (plan)
        {
            var planned = DataFetcher.Plan(data, options);
            Listed = planned.Listed;
            Missing = planned.Missing;
            return Missing.Count == 0
                ? Decision(planned.Out, "up-to-date", $"data/ has all {Listed.Count} files of data.dvc")
                : Decision(planned.Out, "ran", $"{Missing.Count} file(s) missing from data/ would be fetched");
        }

        var result = DataFetcher.Fetch(data, options);
        WarnAboutLocalChanges(result.Checkout);
        var fetched = result.Checkout.Fetched;
        return fetched.Count == 0
            ? Decision(result.Out, "up-to-date", $"data/ has all {result.Checkout.PresentCount + result.Checkout.ModifiedByUserCount} files of data.dvc")
            : Decision(result.Out, "ran", $"fetched {fetched.Count} missing file(s) from remote '{RemoteName(data, result)}' "
                + $"({Named(fetched)}); {result.Downloaded} object(s) downloaded into .dvc/cache, the rest restored from it");

        UnitDecision Decision(DvcOut @out, string status, string reason) => new(
            Name, "data", status, reason, CanonicalJson.Hash(new JObject { ["stage"] = Name, ["md5"] = @out.Md5 }),
            Math.Round(clock.Elapsed.TotalSeconds, 3));
    }

    // Everything may have come from the cache (no download); the files still originate from the default remote.
    private static string RemoteName(DvcWorkspace data, FetchResult result)
    {
        if (result.RemoteName is not null) return result.RemoteName;
        try { return data.LoadConfig().DefaultRemoteName ?? "(none)"; }
        catch (WorkflowException) { return "(none)"; }
    }

    /// <summary>
    /// Files in data/ that differ from data.dvc are used as they are, with a warning; under <c>--strict</c> or
    /// <c>CI=true</c> they fail the build before any training, since the result would not match the commit.
    /// </summary>
    private void WarnAboutLocalChanges(CheckoutResult result)
    {
        if (result.ModifiedByUserCount + result.ExtraCount == 0) return;
        var changes = string.Join("; ", new[]
        {
            result.ModifiedByUserCount > 0 ? $"{result.ModifiedByUserCount} modified ({Named(result.ModifiedByUser)})" : null,
            result.ExtraCount > 0 ? $"{result.ExtraCount} added ({Named(result.Extra)})" : null,
        }.Where(c => c is not null));
        const string fix = "record them with ./build.sh --target=TrackData, or delete them and run FetchData to restore data.dvc's version";
        if (strict)
            throw new WorkflowException($"data/ differs from data.dvc: {changes}; {fix}. (Failing because of --strict or CI=true.)");
        log.WriteLine($"warning: data/ differs from data.dvc and is used as it is: {changes}; {fix}.");
    }

    private static string Named(IReadOnlyList<string> paths) =>
        string.Join(", ", paths.Take(MaxNamed).Select(p => "data/" + p)) + (paths.Count > MaxNamed ? $", +{paths.Count - MaxNamed} more" : "");
}
