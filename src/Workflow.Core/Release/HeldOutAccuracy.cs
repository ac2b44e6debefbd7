using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Workflow.Release;

/// <summary>
/// What <c>bench/accuracy.sh --record FILE</c> measured: per model family, the accuracy on the convention split and
/// with each speaker held out in turn (trained on the others), at a git commit.
/// </summary>
public sealed record HeldOutAccuracy(string Commit, bool Dirty, IReadOnlyDictionary<string, HeldOutAccuracy.Family> Families)
{
    public sealed record Family(double Convention, IReadOnlyDictionary<string, double> HeldOut, double HeldOutMean);

    public static HeldOutAccuracy Read(string path, string displayName)
    {
        if (!File.Exists(path))
            throw new WorkflowException($"model.heldOutAccuracy names {displayName}, which does not exist; write it with `bench/accuracy.sh --record {displayName}`, or remove the setting.");
        try
        {
            var json = JObject.Parse(File.ReadAllText(path));
            return json.ToObject<HeldOutAccuracy>() is { Commit: not null, Families: not null } read
                ? read
                : throw new JsonException("it lacks 'commit' or 'families'");
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{displayName} (model.heldOutAccuracy) is not what bench/accuracy.sh --record writes ({e.Message}); write it again with `bench/accuracy.sh --record {displayName}`.", inner: e);
        }
    }
}
