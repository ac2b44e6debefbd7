using Newtonsoft.Json;
using Workflow.Cache;

namespace Workflow.Evaluation;

/// <summary>
/// One class model's score for every test recording, in data set order (<c>artifacts/evaluation/scores/&lt;class&gt;.json</c>):
/// what Evaluate combines into predictions. Scores are written round-trippable, so Evaluate's files are the same
/// whether the scores were computed in this build or an earlier one.
/// </summary>
public sealed record ClassScores(string Class, IReadOnlyList<string> Files, IReadOnlyList<double> Scores)
{
    public void Write(string path) => AtomicFile.WriteAllText(path, Pipeline.Json.Serialize(this));

    /// <summary>Reads a scores file, refusing one that is damaged or lists other recordings than <paramref name="files"/>.</summary>
    /// <remarks>
    /// Read token by token (Evaluate reads one file per class, each naming every test recording): the serialiser's
    /// reflection and a copy of the text cost more than the reading. A score of -Infinity (a recording without frames) is
    /// written as the string "-Infinity", which ReadAsDouble reads back.
    /// </remarks>
    public static ClassScores Read(string path, string name, IReadOnlyList<string> files)
    {
        string? label = null;
        List<string>? names = null;
        List<double>? scores = null;
        try
        {
            using var reader = new JsonTextReader(new StreamReader(path, System.Text.Encoding.UTF8, false, 1 << 16));
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject) throw new JsonReaderException("not a JSON object");
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                switch ((string)reader.Value!)
                {
                    case "class":
                        label = reader.ReadAsString();
                        break;
                    case "files":
                        names = new List<string>(files.Count);
                        ExpectArrayStart(reader);
                        while (reader.ReadAsString() is { } file) names.Add(file);
                        ExpectArrayEnd(reader);
                        break;
                    case "scores":
                        scores = new List<double>(files.Count);
                        ExpectArrayStart(reader);
                        while (reader.ReadAsDouble() is { } score) scores.Add(score);
                        ExpectArrayEnd(reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{name} is not a scores file ({e.Message}); delete it and build again.");
        }
        if (label is null || names is null || scores is null || names.Count != scores.Count)
            throw new WorkflowException($"{name} is not a scores file (files and scores missing or of different lengths); delete it and build again.");
        if (!names.SequenceEqual(files, StringComparer.Ordinal))
            throw new WorkflowException($"{name} scores other test recordings than this data set's; delete it and build again.");
        return new ClassScores(label, names, scores);
    }

    private static void ExpectArrayStart(JsonTextReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonToken.StartArray) throw new JsonReaderException($"expected an array, found {reader.TokenType}");
    }

    private static void ExpectArrayEnd(JsonTextReader reader)
    {
        if (reader.TokenType != JsonToken.EndArray) throw new JsonReaderException($"expected the end of an array, found {reader.TokenType}");
    }
}
