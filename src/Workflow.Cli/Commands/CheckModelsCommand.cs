using System.CommandLine;
using Spectre.Console;
using Workflow.Pipeline;
using Workflow.Pretrained;
using Workflow.Registry;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>check-models [--config FILE]</c>: the CheckModels target's checks of the config's pretrained models, as a
/// table (or JSON); exit code 1 when a critical model fails.
/// </summary>
public static class CheckModelsCommand
{
    public static Command Create(CliOptions options)
    {
        var config = new Option<string>("--config") { Description = "The settings file.", DefaultValueFactory = _ => WorkflowConfig.DefaultPath };
        var command = new Command("check-models", "Check the pretrained ONNX models the config lists.") { config };
        command.SetAction(result =>
        {
            var path = Path.GetFullPath(result.GetValue(config)!);
            var settings = WorkflowConfig.Load(path, result.GetValue(config)!);
            var root = Path.GetDirectoryName(Path.GetDirectoryName(path))!;
            var checks = new ModelChecker(root, Path.Combine(root, ".workflow", "models")).CheckAll(settings.Pretrained);
            var pinned = settings.Deploy.Models.Length == 0 ? [] : PinnedModelCheck.CheckAll(options.OpenRegistry(result), settings.Deploy.Models);
            var output = options.Output(result);
            if (output.IsJson) output.Json(settings.Deploy.Models.Length == 0 ? checks : new { pretrained = checks, registry = pinned });
            else
            {
                if (pinned.Count > 0)
                {
                    var registry = Output.Table("registry model", "have", "present", "now", "update", "problem");
                    foreach (var p in pinned)
                        registry.AddRow(Output.Escape(p.Reference), Output.Escape(p.Have ?? "none"), Mark(p.Present), Output.Escape(p.Now ?? "?"),
                            p.UpdateAvailable ? "[yellow]available[/]" : "-", Output.Escape(p.Problem ?? ""));
                    output.Write(registry);
                }
                var table = Output.Table("model", "critical", "present", "bytes", "sha256", "loads", "signature", "smoke", "problem");
                foreach (var c in checks)
                    table.AddRow(Output.Escape(c.Name), c.Critical ? "yes" : "no", Mark(c.Present), Formats.Bytes(c.Bytes), Mark(c.HashMatches),
                        Mark(c.Loads), Mark(c.SignatureMatches), Mark(c.SmokeRuns), Output.Escape(c.Problem ?? ""));
                output.Write(table);
            }
            return checks.Any(c => c.Critical && !c.Passed) ? ExitCodes.UserError : ExitCodes.Ok;
        });
        return command;
    }

    private static string Mark(bool value) => value ? "yes" : "[red]no[/]";
}
