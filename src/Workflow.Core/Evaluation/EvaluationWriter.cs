using System.Globalization;
using CsvHelper;
using Workflow.Cache;
using Workflow.Pipeline;

namespace Workflow.Evaluation;

/// <summary>Writes the evaluation's files: metrics.json, confusion.csv and predictions.csv.</summary>
public static class EvaluationWriter
{
    public static void WriteMetrics(string path, EvaluationMetrics metrics) =>
        AtomicFile.WriteAllText(path, Json.Serialize(metrics));

    /// <summary><c>true\predicted,&lt;class&gt;…</c> header, then one row per true class.</summary>
    public static void WriteConfusion(string path, EvaluationMetrics metrics) => WriteCsv(path, csv =>
    {
        csv.WriteField("true\\predicted");
        foreach (var label in metrics.Classes) csv.WriteField(label);
        csv.NextRecord();
        for (var i = 0; i < metrics.Classes.Count; i++)
        {
            csv.WriteField(metrics.Classes[i]);
            foreach (var count in metrics.Confusion[i]) csv.WriteField(count);
            csv.NextRecord();
        }
    });

    /// <summary><c>file,true,predicted,score_&lt;class&gt;…</c>: one row per test file.</summary>
    public static void WritePredictions(string path, IReadOnlyList<string> classes, IEnumerable<Prediction> predictions) => WriteCsv(path, csv =>
    {
        foreach (var header in new[] { "file", "true", "predicted" }.Concat(classes.Select(c => "score_" + c))) csv.WriteField(header);
        csv.NextRecord();
        foreach (var p in predictions)
        {
            csv.WriteField(p.File);
            csv.WriteField(p.Truth);
            csv.WriteField(p.Predicted);
            foreach (var score in p.Scores) csv.WriteField(score.ToString("R", CultureInfo.InvariantCulture));
            csv.NextRecord();
        }
    });

    private static void WriteCsv(string path, Action<CsvWriter> write) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        write(csv);
    });
}
