using System.IO.Compression;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using Workflow.Cache;
using Workflow.Features;
using Workflow.Training;

namespace Workflow.Registry;

/// <summary>
/// A package zip read into memory (packages are small): <c>package.json</c> (model, classes, settings, entry
/// hashes), <c>metrics.json</c> and the class models. <paramref name="displayName"/> names it in every error.
/// </summary>
internal sealed class PackageContents
{
    private readonly IReadOnlyDictionary<string, byte[]> _entries;

    private PackageContents(string displayName, IReadOnlyDictionary<string, byte[]> entries, JObject manifest)
    {
        DisplayName = displayName;
        _entries = entries;
        Model = manifest.Value<string>("model") ?? throw Invalid("has no 'model' in package.json");
        Classes = manifest["classes"]?.ToObject<string[]>() ?? throw Invalid("has no 'classes' in package.json");
        Settings = manifest["settings"] as JObject ?? throw Invalid("has no 'settings' in package.json");
        Files = manifest["files"]?.ToObject<Dictionary<string, string>>() ?? [];
    }

    public string DisplayName { get; }

    public string Model { get; }

    public IReadOnlyList<string> Classes { get; }

    public JObject Settings { get; }

    /// <summary>Entry name → SHA-256, as package.json records them.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public static PackageContents Read(string zipPath, string displayName)
    {
        using var stream = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream, displayName);
    }

    public static PackageContents Read(Stream stream, string displayName)
    {
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                using var input = entry.Open();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                entries[entry.FullName] = buffer.ToArray();
            }
        }
        catch (InvalidDataException e)
        {
            throw new WorkflowException($"{displayName} is not a readable zip ({e.Message}); it is not a package made by the Package target.", inner: e);
        }
        if (!entries.TryGetValue("package.json", out var manifestBytes))
            throw new WorkflowException($"{displayName} has no package.json; it is not a package made by the Package target.");
        JObject manifest;
        try
        {
            manifest = JObject.Parse(System.Text.Encoding.UTF8.GetString(manifestBytes));
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{displayName}: package.json is not valid JSON ({e.Message}); rebuild the package with the Package target.", inner: e);
        }
        return new PackageContents(displayName, entries, manifest);
    }

    /// <summary>The bytes of one entry, e.g. <c>model.onnx</c>; a missing entry is an error naming what to do.</summary>
    public byte[] Entry(string name) =>
        _entries.TryGetValue(name, out var bytes) ? bytes : throw Invalid($"has no {name}; rebuild it with the Package target");

    /// <summary>
    /// The listing of the data the package was built from (<c>data.dir</c>); null for a package made before packages
    /// carried one.
    /// </summary>
    public Data.DirListing? DataListing() =>
        _entries.TryGetValue(Stages.PackageStage.ListingEntry, out var bytes)
            ? Data.DirListing.Parse(bytes, $"{DisplayName}: {Stages.PackageStage.ListingEntry}")
            : null;

    /// <summary>metrics.json as written by Evaluate; null when the package has none.</summary>
    public Evaluation.EvaluationMetrics? EvaluationMetrics()
    {
        if (!_entries.TryGetValue("metrics.json", out var bytes)) return null;
        try
        {
            return JsonConvert.DeserializeObject<Evaluation.EvaluationMetrics>(System.Text.Encoding.UTF8.GetString(bytes), Pipeline.Json.Settings);
        }
        catch (JsonException e)
        {
            throw Invalid($"has a metrics.json that is not valid JSON ({e.Message})");
        }
    }

    /// <summary>The top-level numbers of metrics.json (accuracy, macroF1, …); empty when the package has none.</summary>
    public IReadOnlyDictionary<string, double> Metrics()
    {
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (!_entries.TryGetValue("metrics.json", out var bytes)) return metrics;
        JObject json;
        try
        {
            json = JObject.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        }
        catch (JsonException e)
        {
            throw Invalid($"has a metrics.json that is not valid JSON ({e.Message})");
        }
        foreach (var property in json.Properties())
            if (property.Value.Type is JTokenType.Float or JTokenType.Integer)
                metrics[property.Name] = property.Value.Value<double>();
        return metrics;
    }

    /// <summary>Throws unless every entry listed in package.json is present with the SHA-256 recorded there.</summary>
    public void CheckEntryHashes()
    {
        foreach (var (name, expected) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!_entries.TryGetValue(name, out var bytes)) throw Invalid($"lacks {name}, which package.json lists");
            var actual = ContentHash.OfBytes(bytes);
            if (actual != expected) throw Invalid($"has {name} with sha256 {ContentHash.Short(actual)}, but package.json records {ContentHash.Short(expected)}");
        }
    }

    public int SampleRate() =>
        Settings.SelectToken("audio.sampleRate")?.Value<int?>() ?? throw Invalid("has no audio.sampleRate in package.json's settings");

    /// <summary>The feature settings the models were trained with; a setting this build does not know is an error, not a silent difference.</summary>
    public MfccOptions FeatureOptions()
    {
        var features = Settings["features"] as JObject ?? throw Invalid("has no features section in package.json's settings");
        try
        {
            return features.ToObject<MfccOptions>(FeatureSerializer) ?? new MfccOptions();
        }
        catch (JsonException e)
        {
            throw Invalid($"has feature settings this build cannot use ({e.Message}); use the build that made the package");
        }
    }

    /// <summary>
    /// Loads <c>models/&lt;class&gt;.model</c> for every class, in class order, through <see cref="ClassModelFile"/> (which
    /// reads from a path, so each entry goes through a temporary file).
    /// </summary>
    public IReadOnlyList<IClassModel> LoadModels()
    {
        var directory = Path.Combine(Path.GetTempPath(), "workflow-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            return Classes.Select((label, i) =>
            {
                var name = $"models/{label}.model";
                if (!_entries.TryGetValue(name, out var bytes)) throw Invalid($"lacks {name}");
                var path = Path.Combine(directory, $"{i}.model");
                File.WriteAllBytes(path, bytes);
                var model = ClassModelFile.Read(path, $"{DisplayName}:{name}");
                if (model.Class != label) throw Invalid($"has {name} holding a model of class '{model.Class}'");
                return model;
            }).ToList();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private WorkflowException Invalid(string problem) =>
        new($"{DisplayName} {problem}; rebuild the package with the Package target.");

    private static readonly JsonSerializer FeatureSerializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        MissingMemberHandling = MissingMemberHandling.Error,
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        Culture = System.Globalization.CultureInfo.InvariantCulture,
    });
}
