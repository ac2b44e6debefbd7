using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Workflow.Cache;

namespace Workflow.Pretrained;

/// <summary>
/// Checks every pretrained model the config lists: present (fetching missing remote ones, in parallel, verified),
/// size, sha256, loads in ONNX Runtime, signature as configured, and a smoke inference on silence.
/// </summary>
public sealed class ModelChecker(string sourceRoot, string modelsDirectory)
{
    public IReadOnlyList<ModelCheck> CheckAll(IReadOnlyList<PretrainedModelOptions> models)
    {
        var results = new ModelCheck[models.Count];
        Parallel.For(0, models.Count, i => results[i] = Check(models[i]));
        return results;
    }

    public string PathOf(PretrainedModelOptions model) => model.IsRemote
        ? Path.Combine(modelsDirectory, model.Name + ".onnx")
        : Path.GetFullPath(model.Source, sourceRoot);

    public ModelCheck Check(PretrainedModelOptions model)
    {
        var path = PathOf(model);
        var check = new ModelCheck(model.Name, model.Critical, path, File.Exists(path), false, 0, false, false, false, false, null);
        try
        {
            if (!check.Present)
            {
                if (!model.IsRemote)
                    return check with { Problem = $"{model.Name}: {model.Source} is missing; restore it (git checkout) or point pretrained source at the model." };
                ModelFetcher.Fetch(model, path, sourceRoot);
                check = check with { Present = true, Fetched = true };
            }
            var bytes = File.ReadAllBytes(path);
            check = check with { Bytes = bytes.LongLength };
            var actual = ContentHash.OfBytes(bytes);
            if (actual != model.Sha256)
                return check with { Problem = $"{model.Name}: {path} has sha256 {ContentHash.Short(actual)}, not the configured {ContentHash.Short(model.Sha256)}; the file is damaged or another version — replace it, or update the sha256 if the new file is intended." };
            check = check with { HashMatches = true };

            using var session = Load(model, path, bytes);
            check = check with { Loads = true };
            var mismatch = ModelSignature.Mismatch(model, session);
            if (mismatch is not null) return check with { Problem = $"{model.Name}: {mismatch}" };
            check = check with { SignatureMatches = true };
            Smoke(model, session);
            return check with { SmokeRuns = true };
        }
        catch (WorkflowException e)
        {
            return check with { Problem = e.Message };
        }
    }

    private static InferenceSession Load(PretrainedModelOptions model, string path, byte[] bytes)
    {
        try
        {
            return new InferenceSession(bytes);
        }
        catch (OnnxRuntimeException e)
        {
            throw new WorkflowException($"{model.Name}: {path} does not load in ONNX Runtime ({FirstLine(e.Message)}); the file is truncated or not an ONNX model — fetch it again.");
        }
    }

    private static void Smoke(PretrainedModelOptions model, InferenceSession session)
    {
        var inputs = model.Inputs.Select(spec => ModelSignature.ZeroInput(spec)).ToList();
        try
        {
            using var results = session.Run(inputs);
        }
        catch (OnnxRuntimeException e)
        {
            throw new WorkflowException($"{model.Name}: the smoke inference on silence failed ({FirstLine(e.Message)}); check the inputs' smokeShape/smokeValue in the config.");
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
