namespace Workflow.Training;

/// <summary>
/// <c>artifacts/models/&lt;class&gt;.json</c>: how a class model was made. <see cref="DataHash"/> is the SHA-256
/// over the sorted (path, hash) pairs of the class's training inputs. Not packaged: the timing differs per run.
/// </summary>
public sealed record ClassModelMetadata(
    int FormatVersion,
    string Class,
    string Family,
    int TrainingFiles,
    long TrainingFrames,
    TrainOptions Parameters,
    int Seed,
    string DataHash,
    double TrainingSeconds);
