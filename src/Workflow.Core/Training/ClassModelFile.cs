using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Training;

/// <summary>
/// Reads and writes <c>&lt;class&gt;.model</c> files: indented JSON whose <c>family</c> and <c>formatVersion</c> fields
/// say which model it holds (each model type documents its fields). Doubles are written in their shortest
/// round-trip form, so a model read back scores exactly as the one written.
/// </summary>
public static class ClassModelFile
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        Formatting = Formatting.Indented,
        Culture = System.Globalization.CultureInfo.InvariantCulture,
    };

    public static void Write(string path, IClassModel model) =>
        AtomicFile.WriteAllText(path, JsonConvert.SerializeObject(model, Settings) + "\n");

    public static IClassModel Read(string path, string displayName) => Parse(File.ReadAllText(path), displayName);

    /// <summary>A model from a file's text (e.g. an entry of a package zip); <paramref name="displayName"/> names it in errors.</summary>
    public static IClassModel Parse(string text, string displayName)
    {
        JObject json;
        try
        {
            json = JObject.Parse(text);
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{displayName} is not a valid model file ({e.Message}); rebuild it with the Train target.");
        }
        var family = json.Value<string>("family");
        var version = json.Value<int?>("formatVersion");
        try
        {
            return (family, version) switch
            {
                (DiagonalGaussianModel.Family, DiagonalGaussianModel.FormatVersion) => json.ToObject<DiagonalGaussianModel>()!,
                (GaussianMixtureModel.Family, GaussianMixtureModel.FormatVersion) => json.ToObject<GaussianMixtureModel>()!,
                (HiddenMarkovModel.Family, HiddenMarkovModel.FormatVersion) => json.ToObject<HiddenMarkovModel>()!,
                (KMeansCodebookModel.Family, KMeansCodebookModel.FormatVersion) => json.ToObject<KMeansCodebookModel>()!,
                (DiscreteHiddenMarkovModel.Family, DiscreteHiddenMarkovModel.FormatVersion) => json.ToObject<DiscreteHiddenMarkovModel>()!,
                _ => throw new WorkflowException(
                    $"{displayName} holds a '{family}' model of format version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, which this build cannot read; rebuild it with the Train target."),
            };
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NullReferenceException)
        {
            throw new WorkflowException($"{displayName} is not a valid '{family}' model file ({e.Message}); rebuild it with the Train target.");
        }
    }
}
