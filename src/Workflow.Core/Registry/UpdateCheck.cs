namespace Workflow.Registry;

/// <summary>
/// One row of <c>outdated</c>: for a reference, the version this machine has (pulled last, else what the local
/// registry resolves it to, else none), the version it resolves to in the registry now, the change of every metric
/// both have, whether the package of <see cref="Now"/> is already on this machine (verified), and so the bytes a pull
/// would download.
/// </summary>
public sealed record UpdateCheck(string Reference, ModelVersion? Have, ModelVersion Now, IReadOnlyDictionary<string, double> MetricDeltas, bool NowIsHere)
{
    /// <summary>What a pull would download: 0 when the package is already here.</summary>
    public long DownloadBytes => NowIsHere ? 0 : Now.PackageBytes;

    /// <summary>The reference points at other package bytes than this machine has.</summary>
    public bool UpdateAvailable => Have?.PackageSha256 != Now.PackageSha256;

    public static UpdateCheck Of(string reference, ModelVersion? have, ModelVersion now, bool downloaded)
    {
        var deltas = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (have is not null)
            foreach (var (metric, value) in now.Metrics)
                if (have.Metrics.TryGetValue(metric, out var before)) deltas[metric] = value - before;
        return new UpdateCheck(reference, have, now, deltas, downloaded);
    }
}
