using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Registry;

/// <summary>
/// The registered version that <c>train.base</c> names, checked and ready to fine-tune from: resolved in the registry
/// the Register target uses, its package bytes verified against the registered SHA-256, every entry against
/// package.json, and its settings against this config — the same audio and feature settings (features computed any
/// other way would not fit its models) and the same family. Every refusal names the reference and what to change.
/// </summary>
public sealed class BasePackage
{
    private readonly IReadOnlyDictionary<string, string> _models;

    private BasePackage(BaseVersion version, IReadOnlyDictionary<string, string> models)
    {
        Version = version;
        _models = models;
    }

    public BaseVersion Version { get; }

    public IReadOnlyList<string> Classes => [.. _models.Keys];

    public bool Has(string label) => _models.ContainsKey(label);

    /// <summary>The class model file's text exactly as registered (a class kept unchanged is written back byte for byte).</summary>
    public string ModelText(string label) => _models[label];

    public IClassModel Model(string label) => ClassModelFile.Parse(_models[label], $"{Version.Version}:models/{label}.model");

    /// <summary>Resolves and checks <c>train.base</c> of <paramref name="config"/> in the registry at <paramref name="registryRoot"/>.</summary>
    public static BasePackage Resolve(RegistryAddress registryRoot, WorkflowConfig config)
    {
        var reference = config.Train.Base ?? throw new InvalidOperationException("train.base is not set.");
        try
        {
            var registry = new ModelRegistry(registryRoot);
            var version = registry.Resolve(reference);
            var path = registry.PackagePath(version);
            if (!File.Exists(path))
                throw new WorkflowException(
                    $"the package of {version.Reference} ({path}) is missing from the registry; run the CLI's verify, and register it again or point train.base at another version.");
            var bytes = File.ReadAllBytes(path);
            var sha256 = ContentHash.OfBytes(bytes);
            if (sha256 != version.PackageSha256)
                throw new WorkflowException(
                    $"the package of {version.Reference} ({path}) is corrupt: its sha256 is {ContentHash.Short(sha256)}, registered as {ContentHash.Short(version.PackageSha256)}; run the CLI's verify, and register it again or point train.base at another version.");
            using var stream = new MemoryStream(bytes, writable: false);
            var package = PackageContents.Read(stream, version.Reference);
            package.CheckEntryHashes();
            CheckSettings(package.Settings, config);
            var models = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in package.Classes)
            {
                var text = System.Text.Encoding.UTF8.GetString(package.Entry($"models/{label}.model"));
                var model = ClassModelFile.Parse(text, $"{version.Reference}:models/{label}.model");
                if (model.Class != label)
                    throw new WorkflowException($"{version.Reference}:models/{label}.model holds a model of class '{model.Class}'; register a package made by the Package target.");
                models[label] = text;
            }
            return new BasePackage(new BaseVersion(reference, version.Reference, sha256), models);
        }
        catch (WorkflowException e)
        {
            throw new WorkflowException($"train.base '{reference}': {e.Message}", e.ExitCode, e);
        }
    }

    /// <summary>The first audio or feature setting, or the family, in which the base differs from this config.</summary>
    private static void CheckSettings(JObject settings, WorkflowConfig config)
    {
        var mine = config.Sections("audio", "features");
        var names = Leaves(mine).Keys.Where(n => n is "audio.sampleRate" or "audio.vad" || n.StartsWith("features.", StringComparison.Ordinal));
        var theirs = Leaves(new JObject { ["audio"] = settings["audio"]?.DeepClone(), ["features"] = settings["features"]?.DeepClone() });
        var ours = Leaves(mine);
        foreach (var name in names.Union(theirs.Keys.Where(n => n.StartsWith("features.", StringComparison.Ordinal))).Order(StringComparer.Ordinal))
        {
            var their = theirs.GetValueOrDefault(name);
            var our = ours.GetValueOrDefault(name);
            if (!JToken.DeepEquals(their, our))
                throw new WorkflowException(
                    $"its {name} is {Display(their)}, this config has {Display(our)}; fine-tuning needs the same feature settings.");
        }
        var family = settings.SelectToken("train.family")?.Value<string>();
        if (family != config.Train.Family)
            throw new WorkflowException(
                $"its train.family is {family ?? "(unset)"}, this config has {config.Train.Family}; fine-tuning adapts the base's own models, so set train.family to {family ?? "the base's"} (or remove train.base to train from scratch).");
    }

    private static Dictionary<string, JToken> Leaves(JObject json) => json.Descendants()
        .OfType<JValue>()
        .ToDictionary(v => v.Path, v => (JToken)v, StringComparer.Ordinal);

    private static string Display(JToken? value) => value switch
    {
        null => "(unset)",
        JValue { Type: JTokenType.String } text => (string)text!,
        _ => value.ToString(Formatting.None),
    };
}
