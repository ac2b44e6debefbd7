using System.CommandLine;

namespace Workflow.Cli.Commands;

/// <summary><c>alias set REF ALIAS</c> and <c>alias delete NAME@ALIAS</c>; every move is appended to the history.</summary>
public static class AliasCommand
{
    public static Command Create(CliOptions options)
    {
        var reference = new Argument<string>("version") { Description = "The version to point at: name/3, name@other-alias or name." };
        var alias = new Argument<string>("alias") { Description = "The alias, e.g. prod or staging." };
        var set = new Command("set", "Point an alias at a version.") { reference, alias };
        set.SetAction(result =>
        {
            var move = options.OpenRegistry(result).SetAlias(result.GetValue(reference)!, result.GetValue(alias)!);
            var output = options.Output(result);
            if (output.IsJson) output.Json(new { Changed = move is not null, Move = move });
            else if (move is null) output.Line($"{result.GetValue(alias)} already points at {result.GetValue(reference)}; nothing changed.");
            else output.Line($"{move.Model}@{move.Alias}: {Formats.Version(move.Model, move.From)} → {Formats.Version(move.Model, move.To)}");
            return ExitCodes.Ok;
        });

        var target = new Argument<string>("alias") { Description = "name@alias" };
        var delete = new Command("delete", "Remove an alias (the version stays).") { target };
        delete.SetAction(result =>
        {
            var move = options.OpenRegistry(result).DeleteAlias(result.GetValue(target)!);
            var output = options.Output(result);
            if (output.IsJson) output.Json(move);
            else output.Line($"Deleted {move.Model}@{move.Alias} (was {Formats.Version(move.Model, move.From)}).");
            return ExitCodes.Ok;
        });

        return new Command("alias", "Set or delete aliases such as prod and staging.") { set, delete };
    }
}
