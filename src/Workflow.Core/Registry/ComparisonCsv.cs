using System.Globalization;
using CsvHelper;
using Workflow.Cache;

namespace Workflow.Registry;

/// <summary>
/// A comparison as RFC 4180 CSV: <c>kind,name,&lt;model/version&gt;…,differs</c>, then one row per metric
/// (kind <c>metric</c>) and per parameter (kind <c>parameter</c>); a version lacking a value has an empty cell.
/// </summary>
public static class ComparisonCsv
{
    public static void Write(string path, VersionComparison comparison) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        csv.WriteRecord(["kind", "name", .. comparison.Versions.Select(v => v.Reference), "differs"]);
        foreach (var row in comparison.Metrics) csv.WriteRecord(Row("metric", row));
        foreach (var row in comparison.Parameters) csv.WriteRecord(Row("parameter", row));
    });

    private static string[] Row(string kind, ComparisonRow row) =>
        [kind, row.Name, .. row.Values.Select(v => v ?? ""), row.Differs ? "true" : "false"];
}
