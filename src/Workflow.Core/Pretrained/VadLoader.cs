using Workflow.Pipeline;

namespace Workflow.Pretrained;

/// <summary>Loads the VAD that <c>audio.vad</c> names, from the <c>pretrained</c> entry <c>silero-vad</c>, checked first.</summary>
public static class VadLoader
{
    public const string ModelName = "silero-vad";

    public static PretrainedModelOptions Options(WorkflowConfig config) =>
        config.Pretrained.FirstOrDefault(m => m.Name == ModelName)
        ?? throw new WorkflowException($"audio.vad is \"{config.Audio.Vad}\" but the config's pretrained list has no '{ModelName}' model; add it (see config/README.md) or set audio.vad to \"none\".");

    public static SileroVad? Load(WorkflowConfig config, Workspace workspace)
    {
        if (config.Audio.Vad == "none") return null;
        var checker = new ModelChecker(workspace.ConfigRoot, Path.Combine(workspace.Internal, "models"));
        var options = Options(config);
        var check = checker.Check(options);
        if (!check.Passed) throw new WorkflowException($"audio.vad needs a working '{ModelName}' model: {check.Problem}");
        return new SileroVad(File.ReadAllBytes(check.Path));
    }
}
