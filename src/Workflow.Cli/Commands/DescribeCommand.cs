using System.CommandLine;

namespace Workflow.Cli.Commands;

/// <summary><c>describe REF TEXT</c>: set a version's description (an annotation; the package stays as registered).</summary>
public static class DescribeCommand
{
    public static Command Create(CliOptions options)
    {
        var reference = new Argument<string>("version") { Description = "name/3, name@alias or name." };
        var text = new Argument<string>("text") { Description = "The description; \"\" clears it." };
        var command = new Command("describe", "Set a version's description.") { reference, text };
        command.SetAction(result =>
        {
            var version = options.OpenRegistry(result).Describe(result.GetValue(reference)!, result.GetValue(text)!);
            var output = options.Output(result);
            if (output.IsJson) output.Json(new { version.Reference, version.Description });
            else output.Line($"{version.Reference}: {version.Description}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
