using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Features;
using Workflow.Pipeline;
using Workflow.Registry;
using Workflow.Training;

namespace Workflow.Stages;

/// <summary>
/// One unit per class, fitted only on that class's training features by the trainer of <c>train.family</c>. A unit's
/// key holds only the active family's settings and the seed (<see cref="TrainOptions.KeyParameters"/>).
/// <para>
/// Fine-tuning (<c>train.base</c>, resolved by the build into <paramref name="basePackage"/>): a class the base has is
/// adapted from its model (<see cref="ClassModelAdapter"/>); one without recordings here keeps the base's model, byte
/// for byte; one the base lacks is trained from scratch. Each unit's log line says which. The base package's SHA-256
/// is in every key, so moving the alias retrains these units and nothing before them.
/// </para>
/// </summary>
public sealed class TrainStage(Dataset dataset, WorkflowConfig config, BasePackage? basePackage = null) : IStage
{
    private readonly JObject _parameters = Checked(config, basePackage).Train.KeyParameters();
    private readonly FrameBlocks _blocks = new(); // the block one class read its frames into serves the next

    public string Name => "Train";

    // 2: model families; keys hold the active family's settings only. 3: no trainingSeconds. 4: trained on single-precision
    // frames, E-step statistics summed per chunk of utterances (other bits in the last places). 5: fine-tuning
    // (train.base); metadata format 4 (origin, base).
    // 6: HMM forward-backward on per-frame scaled probabilities, emissions four components at a time.
    // 7: the E-step's exponentials four at a time (FastExp; other bits in the last places).
    public int Version => 8; // 8: an HMM state's mixture seeded from at most 49,152 of its frames

    public bool RunsInParallel => true;

    public static string ModelPath(string label) => $"artifacts/models/{label}.model";

    public static string MetadataPath(string label) => $"artifacts/models/{label}.json";

    /// <summary>One unit per class of the data set (which, when fine-tuning, holds the base's classes too: <see cref="Dataset.WithClasses"/>).</summary>
    public IReadOnlyList<StageUnit> Units() => dataset.Classes
        .Select(c => new StageUnit(
            c,
            FeaturesOf(dataset.Training(c)),
            _parameters,
            [ModelPath(c), MetadataPath(c)]) { Note = NoteOf(c, OriginOf(c, dataset.Training(c).Count > 0)) })
        .ToList();

    // A class's 9,000 feature files at 100,000 recordings: compiled optimised at once (see StageRunner.Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<string> FeaturesOf(IReadOnlyList<AudioFile> files)
    {
        var paths = new List<string>(files.Count);
        for (var i = 0; i < files.Count; i++) paths.Add(FeaturePaths.Of(files[i], config.Features));
        return paths;
    }

    public void Run(StageUnit unit, Workspace workspace)
    {
        var origin = OriginOf(unit.Name, unit.Inputs.Count > 0);
        if (origin == ClassModelMetadata.Kept)
        {
            AtomicFile.WriteAllText(workspace.Resolve(ModelPath(unit.Name)), basePackage!.ModelText(unit.Name));
            WriteMetadata(unit, workspace, origin, 0, 0, []);
            return;
        }
        var (utterances, hashes, block) = config.Features.IsPitch ? ReadNoteSequences(unit, workspace) : ReadTrainingSet(unit, workspace, _blocks);
        var model = origin == ClassModelMetadata.Adapted
            ? ClassModelAdapter.Adapt(basePackage!.Model(unit.Name), utterances, config.Train)
            : ClassModelTrainerFactory.Create(config.Train, alphabet: config.Features.IsPitch ? config.Features.Pitch.Symbols : 0).Fit(unit.Name, utterances);
        ClassModelFile.Write(workspace.Resolve(ModelPath(unit.Name)), model);
        WriteMetadata(unit, workspace, origin, utterances.Count, utterances.Frames, hashes);
        _blocks.Return(block, utterances.Values.Length * sizeof(float));
    }

    private void WriteMetadata(StageUnit unit, Workspace workspace, string origin, int files, long frames, Dictionary<string, string> hashes)
    {
        var inputs = unit.Inputs.Order(StringComparer.Ordinal).Select(n => new[] { n, hashes[n] });
        var metadata = new ClassModelMetadata(
            FormatVersion: ClassModelMetadata.CurrentFormatVersion,
            Class: unit.Name,
            Family: config.Train.Family,
            TrainingFiles: files,
            TrainingFrames: frames,
            Parameters: (JObject)_parameters["train"]!.DeepClone(),
            Seed: config.Train.Seed,
            DataHash: CanonicalJson.Hash(inputs),
            Origin: origin,
            Base: basePackage?.Version.Version);
        AtomicFile.WriteAllText(workspace.Resolve(MetadataPath(unit.Name)), Json.Serialize(metadata));
    }

    private string OriginOf(string label, bool hasRecordings) =>
        basePackage is null || !basePackage.Has(label) ? ClassModelMetadata.Trained
        : hasRecordings ? ClassModelMetadata.Adapted
        : ClassModelMetadata.Kept;

    private string? NoteOf(string label, string origin) => basePackage is null ? null : origin switch
    {
        ClassModelMetadata.Adapted => $"adapted from {basePackage.Version.Version}",
        ClassModelMetadata.Kept => $"no training recordings of it here: kept {basePackage.Version.Version}'s model unchanged",
        _ => $"{basePackage.Version.Version} has no class '{label}': trained from scratch",
    };

    private static WorkflowConfig Checked(WorkflowConfig config, BasePackage? basePackage)
    {
        if ((config.Train.Base is null) != (basePackage is null))
            throw new ArgumentException("train.base and the resolved base package go together.", nameof(basePackage));
        return basePackage is null ? config : config with { Train = config.Train with { BaseSha256 = basePackage.Version.Sha256 } };
    }

    /// <summary>
    /// The class's feature files, each read once, on all cores, straight into one
    /// single-precision block sized from the files' lengths (a feature file holds single-precision values): a class's
    /// frames are held once. The set is the same whatever the order the files are read in. The block comes from
    /// <paramref name="blocks"/> and is returned with the set, to be handed back when the class is trained.
    /// </summary>
    private static (TrainingSet Set, Dictionary<string, string> Hashes, float[]? Block) ReadTrainingSet(StageUnit unit, Workspace workspace, FrameBlocks blocks)
    {
        var names = unit.Inputs;
        var offsets = new long[names.Count + 1];
        for (var i = 0; i < names.Count; i++)
            offsets[i + 1] = offsets[i] + FeatureMatrixFormat.ValuesIn(new FileInfo(workspace.Resolve(names[i])).Length);
        var values = blocks.Rent(unit.Name, offsets[^1]);
        var rows = new int[names.Count];
        var columns = new int[names.Count];
        var hashes = new string[names.Count];
        var errors = new WorkflowException?[names.Count];
        Parallel.For(0, names.Count, i =>
        {
            try
            {
                var path = workspace.Resolve(names[i]);
                var target = values.AsSpan((int)offsets[i], (int)(offsets[i + 1] - offsets[i]));
                (rows[i], columns[i]) = FeatureMatrixFormat.ReadSinglesFile(path, names[i], target);
                // The runner hashed every input for the key; only a caller without one (a test, a benchmark) needs this.
                hashes[i] = unit.InputHashes?.GetValueOrDefault(names[i]) ?? ContentHash.OfFile(path);
            }
            catch (WorkflowException e)
            {
                errors[i] = e;
            }
        });
        var error = errors.FirstOrDefault(e => e is not null);
        if (error is not null) throw error;
        var set = TrainingSet.Create(unit.Name, values, rows, columns);
        return (set, names.Select((n, i) => (n, hashes[i])).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal), values);
    }

    /// <summary>Note sequences are small (a few hundred symbols): read one after another, each as a one-column matrix.</summary>
    private static (TrainingSet Set, Dictionary<string, string> Hashes, float[]? Block) ReadNoteSequences(StageUnit unit, Workspace workspace)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var builder = new TrainingSet.Builder(unit.Name, 1024);
        foreach (var name in unit.Inputs)
        {
            var bytes = File.ReadAllBytes(workspace.Resolve(name));
            hashes[name] = unit.InputHashes?.GetValueOrDefault(name) ?? ContentHash.OfBytes(bytes);
            builder.Add(NoteSequenceFormat.Read(bytes, name).ToMatrix());
        }

        return (builder.Build(), hashes, null);
    }

    internal static FeatureMatrix ReadFeatures(Workspace workspace, string name) => FeaturePaths.Read(workspace.Resolve(name), name);
}
