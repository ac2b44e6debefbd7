using System.Text;

namespace Workflow.Tests.Fixtures;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "workflow-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="relPath"/> ('/'-separated) inside this directory.</summary>
    public string Combine(string relPath) =>
        System.IO.Path.Combine(Path, relPath.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Writes UTF-8 text (no BOM) to <paramref name="relPath"/>, creating folders; returns the full path.</summary>
    public string Write(string relPath, string text) => Write(relPath, Encoding.UTF8.GetBytes(text));

    public string Write(string relPath, byte[] bytes)
    {
        var path = Combine(relPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Every file below this directory, as sorted '/'-separated relpaths.</summary>
    public IReadOnlyList<string> Files() => Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
        .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace(System.IO.Path.DirectorySeparatorChar, '/'))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
