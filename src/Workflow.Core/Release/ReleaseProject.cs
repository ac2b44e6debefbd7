using System.Security;

namespace Workflow.Release;

/// <summary>
/// Writes the release package's project into a folder: the template's files with their placeholders filled
/// (<c>Model.csproj</c> → <c>&lt;PackageId&gt;.csproj</c>, <c>Classifier.cs</c> → <c>&lt;ClassName&gt;.cs</c>),
/// <c>model.onnx</c> and the data's attribution.
/// </summary>
public static class ReleaseProject
{
    public static string Write(string directory, PackageTemplate template, IReadOnlyDictionary<string, string> values, byte[] onnx, byte[] attribution)
    {
        // Values land in XML in the project file: escaped there, verbatim in code and Markdown.
        var escaped = values.ToDictionary(v => v.Key, v => SecurityElement.Escape(v.Value), StringComparer.Ordinal);
        string? project = null;
        foreach (var (name, text) in template.Files)
        {
            var isProject = name == "Model.csproj";
            var target = isProject ? values["PackageId"] + ".csproj" : name == "Classifier.cs" ? values["ClassName"] + ".cs" : name;
            var path = Path.Combine(directory, target.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, PackageTemplate.Fill(text, isProject ? escaped : values, name));
            if (isProject) project = path;
        }
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), onnx);
        File.WriteAllBytes(Path.Combine(directory, "ATTRIBUTION.md"), attribution);
        return project ?? throw new WorkflowException($"{PackageTemplate.Folder}/Model.csproj does not exist; restore it with `git checkout {PackageTemplate.Folder}`.");
    }
}
