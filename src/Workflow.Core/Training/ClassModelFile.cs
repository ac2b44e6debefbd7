using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Training;

/// <summary>Reads and writes <c>&lt;class&gt;.model</c> files; the <c>family</c> field says which model it holds.</summary>
public static class ClassModelFile
{
    public static void Write(string path, IClassModel model) =>
        AtomicFile.WriteAllText(path, JsonConvert.SerializeObject(model, Formatting.Indented) + "\n");

    public static IClassModel Read(string path, string displayName)
    {
        JObject json;
        try
        {
            json = JObject.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{displayName} is not a valid model file ({e.Message}); rebuild it with the Train target.");
        }
        var family = json.Value<string>("family");
        var version = json.Value<int?>("formatVersion");
        return (family, version) switch
        {
            (DiagonalGaussianModel.Family, DiagonalGaussianModel.FormatVersion) => json.ToObject<DiagonalGaussianModel>()!,
            _ => throw new WorkflowException(
                $"{displayName} holds a '{family}' model of format version {version?.ToString() ?? "(none)"}, which this build cannot read; rebuild it with the Train target."),
        };
    }
}
