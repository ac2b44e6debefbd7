using System.Globalization;
using CsvHelper;
using Workflow.Cache;
using Workflow.Pipeline;

namespace Workflow.Evaluation;

/// <summary>Writes the evaluation's files: metrics.json, confusion.csv and predictions.csv (RFC 4180 CSV).</summary>
public static class EvaluationWriter
{
    public static void WriteMetrics(string path, EvaluationMetrics metrics) =>
        AtomicFile.WriteAllText(path, Json.Serialize(metrics));

    /// <summary><c>true\predicted,&lt;class&gt;…</c> header, then one row per true class.</summary>
    public static void WriteConfusion(string path, EvaluationMetrics metrics) => WriteCsv(path,
        metrics.Classes.Select((label, i) => metrics.Confusion[i].Select(Invariant).Prepend(label).ToArray())
            .Prepend(metrics.Classes.Prepend("true\\predicted").ToArray()));

    /// <summary><c>file,true,predicted,score_&lt;class&gt;…</c>: one row per test file, scores round-trippable.</summary>
    public static void WritePredictions(string path, IReadOnlyList<string> classes, IEnumerable<Prediction> predictions) => WriteCsv(path,
        predictions.Select(p => new[] { p.File, p.Truth, p.Predicted }.Concat(p.Scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture))).ToArray())
            .Prepend(new[] { "file", "true", "predicted" }.Concat(classes.Select(c => "score_" + c)).ToArray()));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteCsv(string path, IEnumerable<string[]> rows) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        foreach (var row in rows) csv.WriteRecord(row);
    });
}
