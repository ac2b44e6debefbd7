using Workflow.Tests.Fixtures;

namespace Workflow.Tests.EndToEnd;

/// <summary>
/// build/CakeModule, as the real <c>./build.sh</c> loads it into Cake: its narrower alias search must find exactly what
/// Cake's own full search finds, and the build must run without it when it is turned off. <c>--description</c> makes Cake
/// search for aliases and read the script without running a task.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // build.sh is a bash script
public sealed class CakeModuleTests
{
    [Test]
    public void Should_Find_The_Same_Script_Aliases_As_Cakes_Full_Search()
    {
        // When: Cake runs with the module, which is told to run Cake's full search too and compare
        var result = BuildScript.Run(Repository.Root, new Dictionary<string, string?> { ["WORKFLOW_CAKE_MODULE_CHECK"] = "1" }, "--description");

        // Then: the same aliases (the build.cake's StartProcess and DotNetTest among them), and the script still reads
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Match(@"Cake\.Workflow\.Module: [1-9]\d* aliases in \d+ of \d+ assemblies, the same as Cake's full search\."));
        Assert.That(result.Output, Does.Contain("ExtractFeatures"));
    }

    [Test]
    public void Should_Load_The_Module_Unless_It_Is_Turned_Off()
    {
        var on = BuildScript.Run(Repository.Root, "--description", "--verbosity=diagnostic");
        var off = BuildScript.Run(Repository.Root, new Dictionary<string, string?> { ["WORKFLOW_CAKE_MODULE"] = "0" }, "--description", "--verbosity=diagnostic");

        Assert.That(on.ExitCode, Is.Zero, on.ToString());
        Assert.That(on.Output, Does.Contain("Cake.Workflow.Module"));
        Assert.That(off.ExitCode, Is.Zero, off.ToString());
        Assert.That(off.Output, Does.Not.Contain("Cake.Workflow.Module"));
        Assert.That(off.Output, Does.Contain("ExtractFeatures"));
    }
}
