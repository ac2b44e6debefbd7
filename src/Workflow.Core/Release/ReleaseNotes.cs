using Newtonsoft.Json.Linq;
using Workflow.Data;
using Workflow.Evaluation;
using Workflow.Packaging;
using Workflow.Registry;

namespace Workflow.Release;

/// <summary>Compares a release's package with its baseline's: metrics, data per class, settings, tools.</summary>
internal static class ReleaseNotes
{
    public sealed record Identity(string PackageId, string Version, string Model, int RegistryVersion, string PackageSha256, ArtifactEntry Nupkg);

    public sealed record Baseline(ReleaseBaselineFacts Facts, PackageContents Package, IReadOnlyDictionary<string, string> Tools);

    public static ReleaseFacts Facts(Identity release, PackageContents package, IReadOnlyDictionary<string, string> tools, Baseline? baseline, SplitOptions split)
    {
        var now = package.EvaluationMetrics() ?? throw new WorkflowException($"{package.DisplayName} has no metrics.json; rebuild it with the Package target.");
        var before = baseline?.Package.EvaluationMetrics();
        var listing = package.DataListing() ?? throw new WorkflowException($"{package.DisplayName} has no {Stages.PackageStage.ListingEntry}; rebuild it with the Package target.");
        var oldListing = baseline?.Package.DataListing();
        var data = oldListing is null ? DataChanges.Of(listing, split) : DataChanges.Between(oldListing, listing, split);
        var dataNote = baseline is null ? null
            : oldListing is null ? $"{baseline.Facts.Reference} was packaged before packages recorded their data listing: which recordings were added, removed or modified is not known."
            : null;
        return new ReleaseFacts(
            release.PackageId, release.Version, release.Model, release.RegistryVersion, release.PackageSha256, release.Nupkg,
            baseline?.Facts, Metrics(before, now), data, dataNote,
            baseline is null ? [] : SettingChanges.Between(Settings(baseline.Package), Settings(package)),
            baseline?.Tools.Keys.Union(tools.Keys).Order(StringComparer.Ordinal)
                .Select(t => new ValueChange(t, baseline.Tools.GetValueOrDefault(t), tools.GetValueOrDefault(t))).ToList()
                ?? tools.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new ValueChange(t.Key, null, t.Value)).ToList());
    }

    private static List<MetricChange> Metrics(EvaluationMetrics? before, EvaluationMetrics now)
    {
        var changes = new List<MetricChange>
        {
            new(null, "accuracy", before?.Accuracy, now.Accuracy),
            new(null, "macroF1", before?.MacroF1, now.MacroF1),
            new(null, "trainCount", before?.TrainCount, now.TrainCount),
            new(null, "testCount", before?.TestCount, now.TestCount),
        };
        foreach (var (label, metrics) in now.PerClass.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var old = before?.PerClass.GetValueOrDefault(label);
            changes.Add(new MetricChange(label, "f1", old?.F1, metrics.F1));
            changes.Add(new MetricChange(label, "precision", old?.Precision, metrics.Precision));
            changes.Add(new MetricChange(label, "recall", old?.Recall, metrics.Recall));
        }
        return changes;
    }

    // What a release's settings are: the package's, without the data listing's hash (data changes are listed apart).
    private static JObject Settings(PackageContents package)
    {
        var settings = (JObject)package.Settings.DeepClone();
        settings.Remove("data");
        return settings;
    }
}
