using System.Diagnostics;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Ci;

/// <summary>
/// The GitHub Actions workflows are valid for GitHub (checked by <c>action-validator</c>, the npm CLI that validates
/// workflow files against SchemaStore's schema) and run the sharded build as the README says.
/// </summary>
public sealed class GitHubWorkflowTests
{
    [TestCase(".github/workflows/build.yml")]
    [TestCase(".github/workflows/ci.yml")]
    public void Should_Be_A_Valid_Workflow(string file)
    {
        // Given / When
        var (exitCode, output) = Validate(Repository.PathOf(file));

        // Then
        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public void Should_Have_A_Validator_That_Refuses_A_Broken_Workflow()
    {
        // Given: a job with a misspelt key
        using var temp = new TempDirectory();
        temp.Write("broken.yml", "name: broken\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n");

        // When
        var (exitCode, output) = Validate(temp.Combine("broken.yml"));

        // Then
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain("Additional property 'stepz' is not allowed"));
    }

    private static (int ExitCode, string Output) Validate(string file)
    {
        var validator = Repository.PathOf("tests/servers/node_modules/@action-validator/cli/cli.mjs");
        var node = TestServers.OnPath("node");
        if (node is null || !File.Exists(validator))
            TestServers.Unavailable("action-validator is not installed; ./build.sh --target=Test (or `npm ci --prefix tests/servers`) installs it");
        var info = new ProcessStartInfo(node, [validator, file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + errors.Result);
    }

    [Test]
    public void Should_Build_Four_Shards_Then_Assemble_From_The_Cache()
    {
        // Given / When
        var text = File.ReadAllText(Repository.PathOf(".github/workflows/build.yml"));

        // Then
        Assert.That(text, Does.Contain("shard: [0, 1, 2, 3]"));
        Assert.That(text, Does.Contain("./build.sh --target=Train --shard=${{ matrix.shard }}/4 --cache-push"));
        Assert.That(text, Does.Contain("needs: shard"));
        Assert.That(text, Does.Contain("WORKFLOW_CACHE_KEY: ${{ secrets.WORKFLOW_CACHE_KEY }}"));
    }
}
