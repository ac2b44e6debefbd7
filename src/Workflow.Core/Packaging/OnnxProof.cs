using Workflow.Audio;
using Workflow.Data;
using Workflow.Features;
using Workflow.Onnx;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Packaging;

/// <summary>
/// Exports the whole pipeline (samples → class) to ONNX and proves it: ONNX Runtime and the native pipeline must
/// predict the same class on every test file, with per-class scores within <see cref="OnnxParity.DefaultTolerance"/>
/// relative. A mismatch fails the Package stage, naming the first differing file.
/// </summary>
public static class OnnxProof
{
    public static (byte[] Model, OnnxParityReport Report) ExportAndProve(WorkflowConfig config, Dataset dataset, Workspace workspace)
    {
        if (config.Audio.Vad != "none")
            throw new WorkflowException(
                $"audio.vad \"{config.Audio.Vad}\" cannot be exported to ONNX (the VAD is a separate model, not part of model.onnx); " +
                "set audio.vad to \"none\" to build a package, or trim the recordings before they reach the model.");
        var models = dataset.Classes
            .Select(c => ClassModelFile.Read(workspace.Resolve(Stages.TrainStage.ModelPath(c)), Stages.TrainStage.ModelPath(c)))
            .ToList();
        var model = OnnxExporter.Export(config, models);
        var files = dataset.Test.AsParallel().AsOrdered()
            .Select(f => (f.Name, WavReader.Read(workspace.Resolve(f.Name), config.Audio.SampleRate).Samples.ToArray()))
            .ToList();
        var report = OnnxParity.Check(model, new MfccExtractor(config.Features, config.Audio.SampleRate), models, files);
        report.EnsurePassed();
        return (model, report);
    }
}
