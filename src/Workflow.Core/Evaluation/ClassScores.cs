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
    public static ClassScores Read(string path, string name, IReadOnlyList<string> files)
    {
        ClassScores? scores;
        try
        {
            scores = JsonConvert.DeserializeObject<ClassScores>(File.ReadAllText(path), Pipeline.Json.Settings);
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{name} is not a scores file ({e.Message}); delete it and build again.");
        }
        if (scores?.Files is null || scores.Scores is null || scores.Files.Count != scores.Scores.Count)
            throw new WorkflowException($"{name} is not a scores file (files and scores missing or of different lengths); delete it and build again.");
        if (!scores.Files.SequenceEqual(files, StringComparer.Ordinal))
            throw new WorkflowException($"{name} scores other test recordings than this data set's; delete it and build again.");
        return scores;
    }
}
