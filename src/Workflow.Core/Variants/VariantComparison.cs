using System.Globalization;
using CsvHelper;
using Workflow.Cache;

namespace Workflow.Variants;

/// <summary>
/// What CompareVariants writes: <c>artifacts/variants/comparison.csv</c> (one row per variant: metrics, units run,
/// its overrides, whether it is the champion), <c>comparison.png</c> (the selection metric per variant) and the
/// console table. Nothing in them depends on timing, so the same results give the same bytes.
/// </summary>
public static class VariantComparison
{
    public const string CsvPath = "artifacts/variants/comparison.csv";
    public const string ChartPath = "artifacts/variants/comparison.png";

    public static void WriteCsv(string path, IReadOnlyList<VariantResult> results, VariantResult champion, IReadOnlyDictionary<string, string> overrides) =>
        AtomicFile.Write(path, stream =>
        {
            using var csv = CsvWriter.Create(stream, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
            csv.WriteRecord(["variant", "accuracy", "macroF1", "unitsRan", "units", "champion", "overrides"]);
            foreach (var r in results)
                csv.WriteRecord([r.Variant, Number(r.Accuracy), Number(r.MacroF1), Count(r.UnitsRan), Count(r.Units), r == champion ? "true" : "false", overrides[r.Variant]]);
        });

    public static void WriteChart(string path, IReadOnlyList<VariantResult> results, string metric) => Evaluation.BarChart.Write(
        path,
        results.Select(r => r.Variant).ToList(),
        results.Select(r => r.Metric(metric)).ToList(),
        results.Select(r => r.Metric(metric).ToString("0.000", CultureInfo.InvariantCulture)).ToList(),
        "variant", metric, $"{metric} per variant");

    /// <summary>The console table: a row per variant, the champion marked with <c>*</c>.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<VariantResult> results, VariantResult champion, string metric)
    {
        var width = Math.Max("variant".Length, results.Max(r => r.Variant.Length));
        yield return $"  {"variant".PadRight(width)}  accuracy   macroF1  units ran";
        foreach (var r in results)
            yield return $"{(r == champion ? "*" : " ")} {r.Variant.PadRight(width)}  {Number(r.Accuracy),8}  {Number(r.MacroF1),8}  {Count(r.UnitsRan)}/{Count(r.Units)}";
        yield return $"Champion: {champion.Variant} ({metric} {Number(champion.Metric(metric))}; selection.metric, ties broken by the other metric, then by name)";
    }

    private static string Number(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
