using Workflow.Cache;
using Workflow.Pipeline;
using Workflow.Pretrained;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pretrained;

/// <summary>CheckModels' checks on the real Silero VAD model the repository ships, and on damaged copies of it.</summary>
public sealed class ModelCheckerTests
{
    private static PretrainedModelOptions Silero() =>
        WorkflowConfig.Load(Repository.PathOf("config/workflow.json"), "config/workflow.json").Pretrained.Single(m => m.Name == "silero-vad");

    private static byte[] SileroBytes() => File.ReadAllBytes(Repository.PathOf("models/silero_vad.onnx"));

    private static ModelCheck CheckCopy(TempDirectory temp, byte[] bytes, PretrainedModelOptions model)
    {
        temp.Write("models/copy.onnx", bytes);
        return new ModelChecker(temp.Path, temp.Combine("cache")).Check(model with { Source = "models/copy.onnx" });
    }

    public sealed class TheCheckMethod
    {
        [Test]
        public void Should_Pass_Every_Check_For_The_Shipped_Silero_Model()
        {
            // Given / When
            var check = new ModelChecker(Repository.Root, Path.GetTempPath()).Check(Silero());

            // Then
            Assert.That(check.Problem, Is.Null);
            Assert.That((check.Present, check.HashMatches, check.Loads, check.SignatureMatches, check.SmokeRuns), Is.EqualTo((true, true, true, true, true)));
            Assert.That(check.Bytes, Is.EqualTo(2_327_524));
        }

        [Test]
        public void Should_Report_A_Wrong_Hash()
        {
            // Given
            using var temp = new TempDirectory();
            var bytes = SileroBytes();
            bytes[1000] ^= 0xFF;

            // When
            var check = CheckCopy(temp, bytes, Silero());

            // Then
            Assert.That(check.Problem, Is.EqualTo(
                $"silero-vad: {temp.Combine("models/copy.onnx")} has sha256 {ContentHash.Short(ContentHash.OfBytes(bytes))}, not the configured 2623a2953f6f; " +
                "the file is damaged or another version — replace it, or update the sha256 if the new file is intended."));
        }

        [Test]
        public void Should_Report_A_Truncated_File_That_Does_Not_Load()
        {
            // Given: a truncated copy whose sha256 the config records, so only loading can catch it
            using var temp = new TempDirectory();
            var bytes = SileroBytes()[..5000];

            // When
            var check = CheckCopy(temp, bytes, Silero() with { Sha256 = ContentHash.OfBytes(bytes) });

            // Then
            Assert.That(check.HashMatches, Is.True);
            Assert.That(check.Loads, Is.False);
            Assert.That(check.Problem, Does.StartWith($"silero-vad: {temp.Combine("models/copy.onnx")} does not load in ONNX Runtime ("));
            Assert.That(check.Problem, Does.EndWith("); the file is truncated or not an ONNX model — fetch it again."));
        }

        [Test]
        public void Should_Report_A_Signature_That_Differs_From_The_Config()
        {
            // Given
            using var temp = new TempDirectory();
            var model = Silero();
            var renamed = model with { Inputs = [model.Inputs[0] with { Name = "audio" }, .. model.Inputs[1..]] };

            // When
            var check = CheckCopy(temp, SileroBytes(), renamed);

            // Then
            Assert.That(check.Problem, Is.EqualTo("silero-vad: the model has no input 'audio' (it has: input, state, sr); fix the config's inputs."));
        }

        [Test]
        public void Should_Report_An_Unreachable_Source_And_Leave_Nothing_Behind()
        {
            // Given: a port nothing listens on
            using var temp = new TempDirectory();
            var model = Silero() with { Source = "http://127.0.0.1:9/models/silero.onnx" };

            // When
            var check = new ModelChecker(temp.Path, temp.Combine("cache")).Check(model);

            // Then
            Assert.That(check.Problem, Does.StartWith("silero-vad: cannot fetch http://127.0.0.1:9/models/silero.onnx ("));
            Assert.That(check.Problem, Does.EndWith($"); check the URL and the network, or put the file at {temp.Combine("cache/silero-vad.onnx")}."));
            Assert.That(Directory.Exists(temp.Combine("cache")) ? Directory.GetFiles(temp.Combine("cache")) : [], Is.Empty);
        }
    }

    public sealed class TheCheckAllMethod
    {
        [Test]
        public void Should_Fetch_Missing_Models_In_Parallel_Verified_And_Refuse_Wrong_Bytes()
        {
            // Given: a server holding the model twice, once under a name whose configured hash is wrong
            using var temp = new TempDirectory();
            using var server = new FlakyHttpServer(failures: 1);
            server.Put("/store/a.onnx", SileroBytes());
            server.Put("/store/b.onnx", SileroBytes());
            var models = new[]
            {
                Silero() with { Name = "a", Source = server.Url + "/a.onnx" },
                Silero() with { Name = "b", Source = server.Url + "/b.onnx", Sha256 = new string('0', 64) },
            };

            // When
            var checks = new ModelChecker(temp.Path, temp.Combine("cache")).CheckAll(models);

            // Then
            Assert.That((checks[0].Passed, checks[0].Fetched), Is.EqualTo((true, true)));
            Assert.That(checks[1].Problem, Does.StartWith($"b: {server.Url}/b.onnx sent bytes with sha256 2623a2953f6f, not the configured 000000000000; nothing was kept."));
            Assert.That(Directory.GetFiles(temp.Combine("cache")).Select(Path.GetFileName), Is.EqualTo(new[] { "a.onnx" }));
        }
    }

    public sealed class TheCheckMethodWithADvcSource
    {
        [Test]
        public void Should_Fetch_The_Object_From_The_Named_Dvc_Remote()
        {
            // Given: a workspace whose .dvc/config names a local remote holding the model by md5
            using var temp = new TempDirectory();
            var bytes = SileroBytes();
            var md5 = Workflow.Data.Md5.OfBytes(bytes);
            temp.Write($"store/files/md5/{md5[..2]}/{md5[2..]}", bytes);
            temp.Write(".dvc/config", "[core]\n    remote = models\n['remote \"models\"']\n    url = ../store\n");
            var model = Silero() with { Source = $"dvc://models/{md5}" };

            // When
            var check = new ModelChecker(temp.Path, temp.Combine(".workflow/models")).Check(model);

            // Then
            Assert.That(check.Problem, Is.Null);
            Assert.That((check.Fetched, check.SmokeRuns), Is.EqualTo((true, true)));
            Assert.That(File.Exists(temp.Combine(".workflow/models/silero-vad.onnx")));
        }
    }
}
