using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using Workflow.Audio;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Features;
using Workflow.Packaging;
using Workflow.Training;

namespace Workflow.Pipeline;

/// <summary>
/// The pipeline's settings (<c>config/workflow.json</c>, JSON with comments). Every section has defaults; unknown
/// or mistyped settings are errors that name the file, the setting and the line.
/// </summary>
public sealed record WorkflowConfig
{
    public const string DefaultPath = "config/workflow.json";

    public ModelOptions Model { get; init; } = new();

    public SplitOptions Split { get; init; } = new();

    public AudioOptions Audio { get; init; } = new();

    public MfccOptions Features { get; init; } = new();

    public TrainOptions Train { get; init; } = new();

    /// <summary>How the build cache stores outputs; not part of any key, nor of <see cref="Hash"/>.</summary>
    public CacheOptions Cache { get; init; } = new();

    /// <summary>Registry models a deployment uses (pull, outdated, CheckModels); not part of any key, nor of <see cref="Hash"/>.</summary>
    public Registry.DeployOptions Deploy { get; init; } = new();

    /// <summary>External ONNX models the pipeline uses, checked by the CheckModels target.</summary>
    public Pretrained.PretrainedModelOptions[] Pretrained { get; init; } = [];

    /// <summary>Named variants: each overrides some of the settings above (see <see cref="Workflow.Variants.VariantSettings"/>).</summary>
    public SortedDictionary<string, JObject> Variants { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The variant builds use when <c>--variant</c> names none; null: the champion of the last comparison.</summary>
    public string? DefaultVariant { get; init; }

    /// <summary>How CompareVariants picks its champion.</summary>
    public Workflow.Variants.SelectionOptions Selection { get; init; } = new();

    /// <summary>The variant these settings are (null: the top level), and why it was chosen; set by the build.</summary>
    [JsonIgnore]
    public Workflow.Variants.VariantChoice? Variant { get; init; }

    /// <summary>SHA-256 of the canonical JSON of every effective setting (defaults included).</summary>
    [JsonIgnore]
    public string Hash
    {
        get
        {
            var json = ToJson();
            json.Remove("cache"); // where bytes live, not what they are
            json.Remove("deploy"); // which registry models a deployment uses, not what this build makes
            foreach (var key in Workflow.Variants.VariantSettings.Keys) json.Remove(key); // a variant is its settings, not its siblings
            return CanonicalJson.Hash(json);
        }
    }

    public JObject ToJson() => JObject.FromObject(this, Serializer);

    /// <summary>The named sections only, e.g. <c>Sections("audio", "features")</c>: what a unit's key depends on.</summary>
    public JObject Sections(params string[] names)
    {
        var all = ToJson();
        return new JObject(names.Select(n => new JProperty(n, all[n])));
    }

    /// <param name="variant">A variant's name: its settings are returned (every variant is checked either way).</param>
    public static WorkflowConfig Load(string path, string displayPath, string? variant = null)
    {
        if (!File.Exists(path))
            throw new WorkflowException($"{displayPath} does not exist; restore it with `git checkout {displayPath}` or pass --config=FILE.");
        var text = File.ReadAllText(path);
        WorkflowConfig config;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text));
            config = Serializer.Deserialize<WorkflowConfig>(reader)
                ?? throw new WorkflowException($"{displayPath} is empty; it must be a JSON object (see config/README.md).");
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{displayPath}: {Describe(e)}; see config/README.md for the settings.");
        }
        Validate(config, displayPath, "");
        if (config.Variants.Count == 0 && variant is null) return config;
        var names = string.Join(", ", config.Variants.Keys);
        if (config.DefaultVariant is { } fallback && !config.Variants.ContainsKey(fallback))
            throw new WorkflowException($"{displayPath}: defaultVariant '{fallback}' is not one of the variants ({(names.Length == 0 ? "there are none" : names)}); name one of them or remove defaultVariant.");
        if (variant is not null && !config.Variants.ContainsKey(variant))
            throw new WorkflowException(config.Variants.Count == 0
                ? $"--variant={variant}: {displayPath} has no variants; add a \"variants\" section (see config/README.md) or leave out --variant."
                : $"--variant={variant}: {displayPath} has no variant '{variant}'; it has {names}.");
        var root = JObject.Load(new JsonTextReader(new StringReader(text)), new JsonLoadSettings { CommentHandling = CommentHandling.Ignore });
        WorkflowConfig? chosen = null;
        foreach (var (name, overrides) in config.Variants)
        {
            WorkflowConfig merged;
            try
            {
                merged = Workflow.Variants.VariantSettings.Merge(root, overrides).ToObject<WorkflowConfig>(Serializer)!;
            }
            catch (JsonException e)
            {
                var setting = e is JsonSerializationException { Path: { Length: > 0 } p } ? $"variants.{name}.{p}" : $"variants.{name}";
                throw new WorkflowException(e.Message.StartsWith("Could not find member", StringComparison.Ordinal)
                    ? $"{displayPath}: unknown setting '{setting}'; a variant overrides settings of the top level (see config/README.md)."
                    : $"{displayPath}: invalid value for '{setting}'; see config/README.md for the settings.");
            }
            Validate(merged, displayPath, $"variants.{name}: ");
            if (name == variant) chosen = merged with { Variants = config.Variants, DefaultVariant = config.DefaultVariant, Selection = config.Selection };
        }
        return chosen ?? config;
    }

    private static void Validate(WorkflowConfig config, string displayPath, string prefix)
    {
        try
        {
            config.Model.Validate();
            config.Split.Validate();
            config.Audio.Validate();
            config.Features.Validate(config.Audio.SampleRate);
            config.Train.Validate();
            RequireMatchingFamily(config.Features, config.Train);
            config.Cache.Validate();
            config.Selection.Validate();
            config.Deploy.Validate();
            for (var i = 0; i < config.Pretrained.Length; i++) config.Pretrained[i].Validate(i);
        }
        catch (WorkflowException e)
        {
            throw new WorkflowException($"{displayPath}: {prefix}{e.Message}", e.ExitCode, e);
        }
    }

    /// <summary>Pitch features are note symbols, which only <c>discrete-hmm</c> models; it models nothing else.</summary>
    private static void RequireMatchingFamily(MfccOptions features, TrainOptions train)
    {
        var discrete = train.Family == DiscreteHiddenMarkovModel.Family;
        if (features.IsPitch && !discrete)
            throw new WorkflowException(
                $"features.kind \"pitch\" gives note symbols, which train.family \"{train.Family}\" cannot model; use train.family \"discrete-hmm\" with pitch features.");
        if (!features.IsPitch && discrete)
            throw new WorkflowException(
                $"train.family \"discrete-hmm\" models note symbols, but features.kind is \"{features.Kind}\"; set features.kind to \"pitch\", or use {string.Join(", ", TrainOptions.ContinuousFamilies)} with MFCCs.");
    }

    private static string Describe(JsonException e) => e switch
    {
        JsonSerializationException { Path: { } p, LineNumber: var line } when e.Message.StartsWith("Could not find member", StringComparison.Ordinal)
            => $"unknown setting '{p}' at line {line}",
        JsonSerializationException { Path: { } p, LineNumber: var line } => $"invalid value for '{p}' at line {line}",
        JsonReaderException { Path: { Length: > 0 } p, LineNumber: var line } when e.Message.StartsWith("Could not convert", StringComparison.Ordinal)
            => $"invalid value for '{p}' at line {line}",
        JsonReaderException { LineNumber: var line, LinePosition: var column } => $"not valid JSON at line {line}, column {column}",
        _ => e.Message,
    };

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        MissingMemberHandling = MissingMemberHandling.Error,
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        Culture = System.Globalization.CultureInfo.InvariantCulture,
        ObjectCreationHandling = ObjectCreationHandling.Replace,
    });
}
