using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class UsageTests
{
    [Test]
    public void Should_Exit_2_With_One_Line_For_An_Unknown_Command()
    {
        using var registry = new CliRegistry();

        var result = registry.Run("frobnicate");

        Assert.That((result.ExitCode, result.Stdout), Is.EqualTo((2, "")));
        Assert.That(result.Stderr, Is.EqualTo("Unrecognized command or argument 'frobnicate'. (see --help)\n"));
    }

    [Test]
    public void Should_Exit_2_For_A_Missing_Argument()
    {
        using var registry = new CliRegistry();

        var result = registry.Run("show");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public void Should_Explain_A_Malformed_Reference_Without_A_Stack_Trace()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("show", "Tones/x");

        Assert.That((result.ExitCode, result.Stderr), Is.EqualTo((1,
            "'Tones/x' is not a version reference; use <model>/<version> (spoken-digits/3), <model>@<alias> (spoken-digits@prod) or <model> (the latest version).\n")));
    }

    [Test]
    public void Should_List_Every_Command_In_Help()
    {
        var result = CliProcess.Run(null, "--help");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        foreach (var command in new[] { "list", "show", "compare", "alias", "history", "rollback", "tag", "describe", "verify", "delete", "gc", "predict", "register" })
            Assert.That(result.Stdout, Does.Contain($"  {command} "), command);
    }
}
