using Newtonsoft.Json.Linq;

namespace Workflow.Pipeline;

/// <summary>
/// One independently cached piece of a stage's work: its inputs and outputs (logical paths, see
/// <see cref="Workspace"/>) and the parameters it uses, grouped by config section (e.g. <c>{"train": {…}}</c>).
/// </summary>
public sealed record StageUnit(string Name, IReadOnlyList<string> Inputs, JObject Parameters, IReadOnlyList<string> Outputs)
{
    /// <summary>
    /// The SHA-256 of each input, as the runner hashed it for the key; set when the runner hands the unit to
    /// <see cref="IStage.Run"/>, so a stage that records its inputs' hashes need not read them again.
    /// </summary>
    public IReadOnlyDictionary<string, string>? InputHashes { get; init; }

    /// <summary>
    /// The bytes of the inputs the runner read to hash them just now (only for a stage that asks, see
    /// <see cref="IStage.SharesInputBytesUpTo"/>): what those bytes hash to is the key, so the stage may use them instead
    /// of reading the file again. An input whose hash was known by its stat is not here. Lent for the run only.
    /// </summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? InputBytes { get; init; }

    /// <summary>
    /// Said after the runner's reason in the unit's log line and run report entry, e.g. how a fine-tuned class is made
    /// (<c>spoken-digits/3 has no class '10': trained from scratch</c>). Not part of the key: it follows from what is.
    /// </summary>
    public string? Note { get; init; }
}
