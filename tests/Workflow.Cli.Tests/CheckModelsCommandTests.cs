using Newtonsoft.Json.Linq;
using Workflow.Cli.Tests.Fixtures;
using Workflow.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class CheckModelsCommandTests
{
    [Test]
    public void Should_Pass_The_Repositorys_Models_And_Fail_When_A_Critical_One_Is_Damaged()
    {
        // Given: a copy of the repository's config and model, the model damaged and marked critical
        using var temp = new TempDirectory();
        var config = File.ReadAllText(Repository.PathOf("config/workflow.json")).Replace("\"critical\": false", "\"critical\": true");
        temp.Write("config/workflow.json", config);
        var bytes = File.ReadAllBytes(Repository.PathOf("models/silero_vad.onnx"));

        // When
        temp.Write("models/silero_vad.onnx", bytes);
        var healthy = CliProcess.Run(temp.Path, "check-models", "--json");
        bytes[^10] ^= 0xFF;
        temp.Write("models/silero_vad.onnx", bytes);
        var damaged = CliProcess.Run(temp.Path, "check-models");

        // Then
        Assert.That(healthy.ExitCode, Is.Zero, healthy.ToString());
        Assert.That((bool)JArray.Parse(healthy.Stdout)[0]["smokeRuns"]!, Is.True);
        Assert.That(damaged.ExitCode, Is.EqualTo(1), damaged.ToString());
        Assert.That(damaged.Stdout, Does.Contain("silero-vad"));
    }
}
