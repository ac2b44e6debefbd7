using System.CommandLine;

namespace Workflow.Cli.Commands;

/// <summary><c>rollback NAME@ALIAS</c>: the alias goes back to the version it pointed at before its last move.</summary>
public static class RollbackCommand
{
    public static Command Create(CliOptions options)
    {
        var alias = new Argument<string>("alias") { Description = "name@alias, e.g. spoken-digits@prod" };
        var command = new Command("rollback", "Move an alias back to its previous version.") { alias };
        command.SetAction(result =>
        {
            var move = options.OpenRegistry(result).Rollback(result.GetValue(alias)!);
            var output = options.Output(result);
            if (output.IsJson) output.Json(move);
            else output.Line($"{move.Model}@{move.Alias} rolled back: {Formats.Version(move.Model, move.From)} → {Formats.Version(move.Model, move.To)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
