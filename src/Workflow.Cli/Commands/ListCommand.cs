using System.CommandLine;
using Spectre.Console;
using Newtonsoft.Json.Linq;
using Workflow.Registry;

namespace Workflow.Cli.Commands;

/// <summary><c>list</c>: versions from the index only (no package is opened), filtered and sorted.</summary>
public static class ListCommand
{
    public static Command Create(CliOptions options)
    {
        var name = new Option<string?>("--name", "-n") { Description = "Only this model's versions." };
        var tag = new Option<string?>("--tag", "-t") { Description = "Only versions with this tag." };
        var alias = new Option<string?>("--alias", "-a") { Description = "Only versions an alias of this name points at." };
        var sort = new Option<string?>("--sort", "-s") { Description = "Sort by this metric, highest first (e.g. accuracy).", HelpName = "METRIC" };
        var ascending = new Option<bool>("--ascending") { Description = "With --sort: lowest first." };
        var command = new Command("list", "List registered versions.") { name, tag, alias, sort, ascending };
        command.SetAction(result =>
        {
            var registry = options.OpenRegistry(result);
            var views = registry.List(new VersionFilter(
                result.GetValue(name), result.GetValue(tag), result.GetValue(alias), result.GetValue(sort), result.GetValue(ascending)));
            var output = options.Output(result);
            if (output.IsJson)
            {
                output.Json(new JArray(views.Select(v => v.ToJson())));
                return ExitCodes.Ok;
            }
            if (views.Count == 0)
            {
                output.Line($"No versions to list in {registry.Root}.");
                return ExitCodes.Ok;
            }
            var metrics = views.SelectMany(v => v.Version.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            var table = Output.Table(["version", "aliases", "created", "by", .. metrics, "tags", "description"]);
            foreach (var view in views)
            {
                var v = view.Version;
                table.AddRow([
                    Output.Escape(v.Reference), Output.Escape(string.Join(", ", view.Aliases)), Formats.Time(v.Created), Output.Escape(v.CreatedBy),
                    .. metrics.Select(m => v.Metrics.TryGetValue(m, out var x) ? Formats.Number(x) : "-"),
                    Output.Escape(string.Join(", ", v.Tags)), Output.Escape(v.Description),
                ]);
            }
            output.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
