using System.Globalization;
using CsvHelper;

namespace Workflow.Features;

/// <summary>
/// Tonics given in a CSV file (<c>features.pitch.tonics</c>): a header with the columns <c>file</c> (the recording's
/// path relative to the data folder, e.g. <c>yaman/take1.wav</c>) and <c>tonic</c> (Hz, 20–5000), one row per
/// recording. A recording without a row gets its tonic from a <c>.tonic</c> sidecar or an estimate.
/// </summary>
public static class TonicTable
{
    public static IReadOnlyDictionary<string, double> Read(string path, string displayName)
    {
        if (!File.Exists(path))
            throw new WorkflowException($"features.pitch.tonics names {displayName}, which does not exist; create it (columns file,tonic) or remove the setting.");
        var tonics = new Dictionary<string, double>(StringComparer.Ordinal);
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',', TrimWhitespace = true, TrackLineNumbers = true });
        reader.ReadHeader();
        if (!reader.TryGetFieldIndex("file", out var file) || !reader.TryGetFieldIndex("tonic", out var tonic))
            throw new WorkflowException($"{displayName} must have a header with the columns file and tonic (got '{string.Join(",", reader.Headers)}').");
        while (reader.Read())
        {
            var name = reader.GetString(file).Replace('\\', '/');
            var text = reader.GetString(tonic);
            if (name.Length == 0)
                throw new WorkflowException($"{displayName} line {reader.LineNumber}: the file column is empty; name the recording relative to the data folder.");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var hz) || hz is < 20 or > 5000)
                throw new WorkflowException($"{displayName} line {reader.LineNumber}: the tonic of {name} must be a number of Hz between 20 and 5000 (got '{text}').");
            if (!tonics.TryAdd(name, hz))
                throw new WorkflowException($"{displayName} line {reader.LineNumber}: {name} has a tonic already; give each recording one row.");
        }
        return tonics;
    }
}
