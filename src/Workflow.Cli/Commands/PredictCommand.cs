using System.CommandLine;
using Spectre.Console;
using Workflow.Registry;

namespace Workflow.Cli.Commands;

/// <summary><c>predict REF WAV…</c>: classify recordings with a registered version, as evaluation does.</summary>
public static class PredictCommand
{
    public static Command Create(CliOptions options)
    {
        var reference = new Argument<string>("version") { Description = "name/3, name@alias or name." };
        var files = new Argument<string[]>("wav") { Description = "WAV files to classify.", Arity = ArgumentArity.OneOrMore };
        var engine = new Option<string>("--engine") { Description = "native (the C# pipeline) or onnx (the package's model.onnx in ONNX Runtime).", DefaultValueFactory = _ => "native" };
        engine.AcceptOnlyFromAmong("native", "onnx");
        var command = new Command("predict", "Classify WAV files with a registered version.") { reference, files, engine };
        command.SetAction(result =>
        {
            var chosen = result.GetValue(engine) == "onnx" ? ClassifierEngine.Onnx : ClassifierEngine.Native;
            using var model = RegisteredModel.Open(options.OpenRegistry(result), result.GetValue(reference)!, chosen);
            var classifications = result.GetValue(files)!.Select(model.Classify).ToList();
            var output = options.Output(result);
            if (output.IsJson)
            {
                output.Json(new { Version = model.Version.Reference, Engine = chosen.ToString().ToLowerInvariant(), Results = classifications });
                return ExitCodes.Ok;
            }
            var table = Output.Table(["file", "predicted", .. model.Classes.Select(c => "score " + c)]);
            foreach (var c in classifications)
                table.AddRow([Output.Escape(c.File), $"[bold]{Output.Escape(c.Predicted)}[/]", .. model.Classes.Select(k => Formats.Number(c.Scores[k]))]);
            output.Line($"{model.Version.Reference}:");
            output.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
