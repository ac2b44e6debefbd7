using System.Globalization;
using MelodyData;
using Newtonsoft.Json.Linq;
using Workflow.Audio;
using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>
/// The real <c>./build.sh</c> on a small generated melodic set (5 classes × 10 melodies, _0 … _2 the test set) with
/// pitch features and discrete HMMs, through Register; then predict from the registry.
/// </summary>
[NonParallelizable]
public sealed class MelodyBuildTests
{
    private const string Config = """
        {
          "model": { "name": "melodies", "attribution": null },
          "split": { "testPattern": "_[0-2]\\.wav$" },
          "features": { "kind": "pitch", "pitch": { "bins": 12, "fold": true } },
          "train": { "family": "discrete-hmm", "discreteHmm": { "states": 4, "topology": "ergodic" } }
        }
        """;

    private TempDirectory _root = null!;
    private BuildScript.Result _build = null!;

    private string Registry => _root.Combine("registry");

    [OneTimeSetUp]
    public void BuildOnce()
    {
        _root = new TempDirectory();
        _root.Write("config/workflow.json", Config);
        for (var c = 0; c < Melody.Scales.Length; c++)
        {
            for (var i = 0; i < 10; i++)
            {
                var melody = Melody.Generate(c, seed: 100 + i);
                var path = _root.Combine(string.Create(CultureInfo.InvariantCulture, $"audio/c{c}/c{c}_{i}.wav"));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WavWriter.Write(path, new AudioClip(melody.Samples, Melody.SampleRate));
            }
        }

        _build = BuildScript.Run(_root.Path, "--target=Register", $"--registry={Registry}", $"--workspace={_root.Path}", "--data=audio");
    }

    [OneTimeTearDown]
    public void CleanUp() => _root.Dispose();

    [Test]
    public void Should_Train_Evaluate_Package_And_Register_Pitch_Models()
    {
        Assert.That(_build.ExitCode, Is.Zero, _build.ToString());
        Assert.That(File.Exists(_root.Combine("artifacts/features/c0/c0_3.wav.pitch")));
        var model = JObject.Parse(File.ReadAllText(_root.Combine("artifacts/models/c0.model")));
        Assert.That((string)model["family"]!, Is.EqualTo("discrete-hmm"));
        var metrics = JObject.Parse(File.ReadAllText(_root.Combine("artifacts/evaluation/metrics.json")));
        Assert.That(((int)metrics["trainCount"]!, (int)metrics["testCount"]!), Is.EqualTo((35, 15)));
        Assert.That((double)metrics["accuracy"]!, Is.GreaterThanOrEqualTo(0.8));
        Assert.That(File.Exists(_root.Combine("artifacts/evaluation/confusion.png")));
        using (var zip = System.IO.Compression.ZipFile.OpenRead(_root.Combine("artifacts/package/melodies.zip")))
        {
            Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain("models/c0.model").And.Not.Contain("model.onnx"));
        }

        var manifest = JObject.Parse(File.ReadAllText(_root.Combine("artifacts/manifest.json")));
        Assert.That(manifest["onnxParity"]!.Type, Is.EqualTo(JTokenType.Null));
        Assert.That(_build.Output, Does.Contain("Registered melodies/1 (package sha256 "));
    }

    [Test]
    public void Should_Predict_From_The_Registry_As_Evaluate_Did()
    {
        // Given
        Assert.That(_build.ExitCode, Is.Zero, _build.ToString());
        var predictions = File.ReadAllLines(_root.Combine("artifacts/evaluation/predictions.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[2]);

        // When
        using var model = RegisteredModel.Open(new ModelRegistry(Registry), "melodies/1");

        // Then
        Assert.That(predictions, Has.Count.EqualTo(15));
        foreach (var (file, predicted) in predictions)
            Assert.That(model.Classify(_root.Combine(file.Replace("data/", "audio/", StringComparison.Ordinal))).Predicted, Is.EqualTo(predicted), file);
    }

    [Test]
    public void Should_Refuse_The_Onnx_Engine_By_Name()
    {
        Assert.That(_build.ExitCode, Is.Zero, _build.ToString());
        Assert.That(() => RegisteredModel.Open(new ModelRegistry(Registry), "melodies/1", ClassifierEngine.Onnx),
            Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "melodies/1 is a pitch model: features.kind \"pitch\" (YIN pitch track, tonic and note symbols) with train.family \"discrete-hmm\" cannot be exported to ONNX; the package of a pitch model carries no model.onnx: classify with the native engine."));
    }
}
