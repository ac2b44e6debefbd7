namespace Workflow.Training;

/// <summary>
/// <c>artifacts/models/&lt;class&gt;.json</c>: how a class model was made. <see cref="DataHash"/> is the SHA-256
/// over the sorted (path, hash) pairs of the class's training inputs; <see cref="Parameters"/> is the <c>train</c>
/// settings the model depends on (the active family's only). Holds no clock, so two clean builds write the same bytes
/// (a unit's time is in <c>artifacts/run-report.json</c>).
/// Format version 2: <see cref="Parameters"/> became the key parameters instead of the whole <c>train</c> section.
/// Format version 3: <c>trainingSeconds</c> was dropped.
/// Format version 4: <see cref="Origin"/> (<c>trained</c> from scratch, <c>adapted</c> from the base version, or the
/// <c>base</c>'s model kept unchanged) and <see cref="Base"/> (the base version, e.g. <c>spoken-digits/3</c>; null
/// without <c>train.base</c>).
/// </summary>
public sealed record ClassModelMetadata(
    int FormatVersion,
    string Class,
    string Family,
    int TrainingFiles,
    long TrainingFrames,
    Newtonsoft.Json.Linq.JObject Parameters,
    int Seed,
    string DataHash,
    string Origin = ClassModelMetadata.Trained,
    string? Base = null)
{
    public const int CurrentFormatVersion = 4;

    public const string Trained = "trained";
    public const string Adapted = "adapted";
    public const string Kept = "base";
}
