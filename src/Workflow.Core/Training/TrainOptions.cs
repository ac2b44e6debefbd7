using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using static System.FormattableString;

namespace Workflow.Training;

/// <summary>
/// The <c>train</c> section of the config: which per-class model family, its seed, and each family's own settings
/// (<c>train.gmm</c>, <c>train.hmm</c>, <c>train.kmeans</c>). Only the active family's settings go into the Train
/// units' keys (<see cref="KeyParameters"/>), so tuning another family retrains nothing.
/// </summary>
public sealed record TrainOptions
{
    public static readonly string[] Families =
        [DiagonalGaussianModel.Family, GaussianMixtureModel.Family, HiddenMarkovModel.Family, KMeansCodebookModel.Family, DiscreteHiddenMarkovModel.Family];

    /// <summary>The families that model frames of real numbers (MFCCs); the rest model note symbols.</summary>
    public static readonly string[] ContinuousFamilies =
        [DiagonalGaussianModel.Family, GaussianMixtureModel.Family, HiddenMarkovModel.Family, KMeansCodebookModel.Family];

    /// <summary>
    /// <c>gaussian</c>: one diagonal Gaussian per class over its frames; <c>gmm</c>: a Gaussian mixture over its frames;
    /// <c>hmm</c>: a left-to-right HMM over each utterance's frame sequence; <c>kmeans</c>: an ML.NET k-means codebook;
    /// <c>discrete-hmm</c>: an HMM over note symbols (pitch features only).
    /// </summary>
    public string Family { get; init; } = DiagonalGaussianModel.Family;

    /// <summary>Every family is seeded, even deterministic ones, so a model always records how to reproduce it.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Lower bound on every variance of the Gaussian families, relative to the class's own spread: for
    /// <c>gaussian</c> the largest dimension's variance, for <c>gmm</c> and <c>hmm</c> each dimension's variance over
    /// all the class's frames. Keeps log-likelihoods finite and stops a component collapsing onto a few frames.
    /// </summary>
    public double VarianceFloor { get; init; } = 1e-3;

    public GmmOptions Gmm { get; init; } = new();

    public HmmOptions Hmm { get; init; } = new();

    [JsonProperty("kmeans")]
    public KMeansOptions KMeans { get; init; } = new();

    [JsonProperty("discreteHmm")]
    public DiscreteHmmOptions DiscreteHmm { get; init; } = new();

    /// <summary>Written only when chosen, so the settings (and hash) of configs without it are what they were.</summary>
    public bool ShouldSerializeDiscreteHmm() => Family == DiscreteHiddenMarkovModel.Family;

    /// <summary>
    /// Fine-tuning: a registry reference (<c>spoken-digits@prod</c>, <c>spoken-digits/3</c>) whose class models are
    /// adapted to this data (<see cref="Adapt"/>) instead of training from scratch; null trains from scratch.
    /// </summary>
    public string? Base { get; init; }

    public AdaptOptions Adapt { get; init; } = new();

    /// <summary>
    /// The SHA-256 of <see cref="Base"/>'s package, set by the build once it has resolved the reference in the registry
    /// (<see cref="Registry.BasePackage"/>); not a setting. The Train key holds it.
    /// </summary>
    [JsonIgnore]
    public string? BaseSha256 { get; init; }

    public void Validate()
    {
        if (!Families.Contains(Family, StringComparer.Ordinal))
            throw new WorkflowException(
                $"train.family '{Family}' is not known; use one of: {string.Join(", ", Families)}.");
        if (!(VarianceFloor > 0 && VarianceFloor < 1))
            throw new WorkflowException(
                Invariant($"train.varianceFloor must be between 0 and 1, exclusive (got {VarianceFloor})."));
        Gmm.Validate();
        Hmm.Validate();
        KMeans.Validate();
        DiscreteHmm.Validate();
        Adapt.Validate();
        if (Base is null) return;
        try
        {
            Registry.VersionReference.Parse(Base);
        }
        catch (WorkflowException e)
        {
            throw new WorkflowException($"train.base: {e.Message}", e.ExitCode, e);
        }
        if (Family == DiscreteHiddenMarkovModel.Family)
            throw new WorkflowException(
                $"train.base '{Base}' cannot be used with train.family 'discrete-hmm': MAP adaptation is defined here for gaussian, gmm and hmm; remove train.base to train discrete-hmm models from scratch.");
        if (Family == KMeansCodebookModel.Family)
            throw new WorkflowException(
                $"train.base '{Base}' cannot be used with train.family 'kmeans': a k-means codebook has no densities for MAP adaptation to move; fine-tune a gaussian, gmm or hmm model, or remove train.base to train kmeans from scratch.");
    }

    /// <summary>
    /// What a Train unit's key depends on, grouped by section as a unit's parameters are:
    /// <c>{"train": {"family", "seed", "varianceFloor" (Gaussian families), "&lt;family&gt;": {…} (if it has settings)}}</c>;
    /// when fine-tuning also <c>"base": {"sha256"}</c> (the base package's bytes, not the reference: moving an alias
    /// retrains, renaming the same version does not) and <c>"adapt": {…}</c>.
    /// </summary>
    public JObject KeyParameters()
    {
        var train = new JObject { ["family"] = Family, ["seed"] = Seed };
        if (Family is not (KMeansCodebookModel.Family or DiscreteHiddenMarkovModel.Family)) train["varianceFloor"] = VarianceFloor;
        (string Section, object Settings)? settings = Family switch
        {
            GaussianMixtureModel.Family => (Family, Gmm),
            HiddenMarkovModel.Family => (Family, Hmm),
            KMeansCodebookModel.Family => (Family, KMeans),
            DiscreteHiddenMarkovModel.Family => ("discreteHmm", DiscreteHmm),
            _ => null,
        };
        if (settings is { } s) train[s.Section] = JObject.FromObject(s.Settings, Serializer);
        if (Base is not null)
        {
            train["base"] = new JObject
            {
                ["sha256"] = BaseSha256 ?? throw new InvalidOperationException("train.base is set but was not resolved: the key needs the base package's sha256 (BasePackage.Resolve)."),
            };
            train["adapt"] = new JObject
            {
                ["iterations"] = Adapt.Iterations,
                ["relevance"] = Adapt.Relevance,
                ["update"] = Adapt.CanonicalUpdate,
            };
        }
        return new JObject { ["train"] = train };
    }

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        Culture = System.Globalization.CultureInfo.InvariantCulture,
    });
}
