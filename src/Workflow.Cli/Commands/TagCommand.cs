using System.CommandLine;

namespace Workflow.Cli.Commands;

/// <summary><c>tag REF TAG… [--remove]</c>: add (or remove) tags on a version.</summary>
public static class TagCommand
{
    public static Command Create(CliOptions options)
    {
        var reference = new Argument<string>("version") { Description = "name/3, name@alias or name." };
        var tags = new Argument<string[]>("tags") { Description = "Tags to add.", Arity = ArgumentArity.OneOrMore };
        var remove = new Option<bool>("--remove") { Description = "Remove these tags instead." };
        var command = new Command("tag", "Add or remove tags on a version.") { reference, tags, remove };
        command.SetAction(result =>
        {
            var names = result.GetValue(tags)!;
            var removing = result.GetValue(remove);
            var version = options.OpenRegistry(result).Tag(result.GetValue(reference)!, removing ? [] : names, removing ? names : []);
            var output = options.Output(result);
            if (output.IsJson) output.Json(new { version.Reference, version.Tags });
            else output.Line($"{version.Reference} tags: {(version.Tags.Count == 0 ? "(none)" : string.Join(", ", version.Tags))}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
