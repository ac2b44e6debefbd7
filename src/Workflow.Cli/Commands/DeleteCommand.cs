using System.CommandLine;

namespace Workflow.Cli.Commands;

/// <summary><c>delete REF</c>: remove a version from the index (refused while an alias points at it).</summary>
public static class DeleteCommand
{
    public static Command Create(CliOptions options)
    {
        var reference = new Argument<string>("version") { Description = "name/3 (or name@alias, name)." };
        var command = new Command("delete", "Delete a version; its package blob is removed by the next gc.") { reference };
        command.SetAction(result =>
        {
            var version = options.OpenRegistry(result).Delete(result.GetValue(reference)!);
            var output = options.Output(result);
            if (output.IsJson) output.Json(new { Deleted = version.Reference, version.PackageSha256 });
            else output.Line($"Deleted {version.Reference}; gc removes its package ({Formats.Bytes(version.PackageBytes)}).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
