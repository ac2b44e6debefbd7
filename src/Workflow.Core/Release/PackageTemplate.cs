using System.Text;
using System.Text.RegularExpressions;
using Workflow.Cache;

namespace Workflow.Release;

/// <summary>
/// The release package's project, kept in the repository as <c>build/package-template/</c>, plus the build's own WAV
/// reader (<c>src/Workflow.Core/Audio</c>), compiled into the package so a recording is read, resampled and refused
/// exactly as the build does. Files are filled by plain substitution of <c>{{Name}}</c> placeholders.
/// </summary>
public sealed partial class PackageTemplate
{
    public const string Folder = "build/package-template";
    private const string AudioFolder = "src/Workflow.Core/Audio";

    // What the template's Recording.cs needs to read as WavReader.Read(path, rate) does (WavReader itself needs .NET 9).
    private static readonly string[] AudioSources =
    [
        "Resampler.cs", "WavFmtChunk.cs", "WavFormat.cs", "WavFormatNames.cs", "WavLayout.cs", "WavParser.cs",
        "WavSampleDecoder.cs", "WavSampleFormat.cs",
    ];

    private PackageTemplate(SortedDictionary<string, string> files) => Files = files;

    /// <summary>Each file's path in the generated project (template files at the top, the WAV reader under Wav/) and text.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>SHA-256 of every file's path and text: part of the Release key, so an edited template repackages.</summary>
    public string Hash => CanonicalJson.Hash(Files.ToDictionary(f => f.Key, f => ContentHash.OfBytes(Encoding.UTF8.GetBytes(f.Value))));

    public static PackageTemplate Load(string repositoryRoot)
    {
        var folder = Path.Combine(repositoryRoot, Folder);
        if (!Directory.Exists(folder))
            throw new WorkflowException($"{Folder} does not exist in {repositoryRoot}; restore it with `git checkout {Folder}`.");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder))
            files[Path.GetFileName(path)] = File.ReadAllText(path);
        foreach (var name in AudioSources)
        {
            var path = Path.Combine(repositoryRoot, AudioFolder, name);
            if (!File.Exists(path))
                throw new WorkflowException($"{AudioFolder}/{name} does not exist; the release package compiles the build's WAV reader, restore it with git.");
            files["Wav/" + name] = Internal(File.ReadAllText(path));
        }
        return new PackageTemplate(files);
    }

    /// <summary>
    /// Replaces every <c>{{Name}}</c> in <paramref name="text"/> with its value; a placeholder without a value is an
    /// error naming the template file, so a typo never ships as literal braces.
    /// </summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values, string fileName) =>
        Placeholder().Replace(text, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new WorkflowException(
                $"{Folder}/{fileName} uses the placeholder {match.Value}, which the Release stage does not fill; use one of {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))}."));

    // In the package the reader is an implementation detail: its public types become internal, and its namespace
    // Workflow.Audio becomes <PackageId>.Wav (filled like any placeholder), so two model packages never clash.
    private static string Internal(string source) =>
        TopLevelPublic().Replace(source.Replace("namespace Workflow.Audio;", "namespace {{Namespace}}.Wav;", StringComparison.Ordinal), "internal ");

    [GeneratedRegex(@"\{\{([A-Za-z]+)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^public (?=(sealed |static |abstract )*(class|record|enum|struct|interface) )", RegexOptions.Multiline)]
    private static partial Regex TopLevelPublic();
}
