using System.CommandLine;
using Spectre.Console;

namespace Workflow.Cli.Commands;

/// <summary><c>history [NAME] [--alias A]</c>: the append-only log of alias moves, oldest first.</summary>
public static class HistoryCommand
{
    public static Command Create(CliOptions options)
    {
        var model = new Argument<string?>("model") { Description = "Only this model's aliases.", Arity = ArgumentArity.ZeroOrOne };
        var alias = new Option<string?>("--alias", "-a") { Description = "Only this alias." };
        var command = new Command("history", "Show when each alias moved, from where to where, and who moved it.") { model, alias };
        command.SetAction(result =>
        {
            var moves = options.OpenRegistry(result).History(result.GetValue(model), result.GetValue(alias));
            var output = options.Output(result);
            if (output.IsJson)
            {
                output.Json(moves);
                return ExitCodes.Ok;
            }
            if (moves.Count == 0)
            {
                output.Line("No alias moves recorded.");
                return ExitCodes.Ok;
            }
            var table = Output.Table("when", "alias", "action", "from", "to", "by");
            foreach (var m in moves)
                table.AddRow(Formats.Time(m.When), Output.Escape(m.Alias.Length == 0 ? m.Model : $"{m.Model}@{m.Alias}"),
                    Output.Escape(m.Peer is null ? m.Action : $"{m.Action} ({(m.Action == Registry.AliasActions.CopyIn ? "from" : "to")} {m.Peer})"),
                    Output.Escape(Formats.Version(m.Model, m.From)), Output.Escape(Formats.Version(m.Model, m.To)), Output.Escape(m.By));
            output.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
