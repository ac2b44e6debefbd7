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

    /// <summary>External ONNX models the pipeline uses, checked by the CheckModels target.</summary>
    public Pretrained.PretrainedModelOptions[] Pretrained { get; init; } = [];

    /// <summary>SHA-256 of the canonical JSON of every effective setting (defaults included).</summary>
    [JsonIgnore]
    public string Hash
    {
        get
        {
            var json = ToJson();
            json.Remove("cache"); // where bytes live, not what they are
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

    public static WorkflowConfig Load(string path, string displayPath)
    {
        if (!File.Exists(path))
            throw new WorkflowException($"{displayPath} does not exist; restore it with `git checkout {displayPath}` or pass --config=FILE.");
        WorkflowConfig config;
        try
        {
            using var reader = new JsonTextReader(new StringReader(File.ReadAllText(path)));
            config = Serializer.Deserialize<WorkflowConfig>(reader)
                ?? throw new WorkflowException($"{displayPath} is empty; it must be a JSON object (see config/README.md).");
        }
        catch (JsonException e)
        {
            throw new WorkflowException($"{displayPath}: {Describe(e)}; see config/README.md for the settings.");
        }
        try
        {
            config.Model.Validate();
            config.Split.Validate();
            config.Audio.Validate();
            config.Features.Validate(config.Audio.SampleRate);
            config.Train.Validate();
            config.Cache.Validate();
            for (var i = 0; i < config.Pretrained.Length; i++) config.Pretrained[i].Validate(i);
        }
        catch (WorkflowException e)
        {
            throw new WorkflowException($"{displayPath}: {e.Message}", e.ExitCode, e);
        }
        return config;
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
