using System.CommandLine;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>register PACKAGE.zip [--manifest FILE] [--name NAME]</c>: what the Register build target does, for packages
/// built elsewhere. The name defaults to the zip's file name (the Package target names it after the model).
/// </summary>
public static class RegisterCommand
{
    public static Command Create(CliOptions options)
    {
        var package = new Argument<string>("package") { Description = "The package zip (artifacts/package/<model>.zip)." };
        var manifest = new Option<string>("--manifest", "-m")
        {
            Description = "The build's manifest, which must list the package.",
            DefaultValueFactory = _ => "artifacts/manifest.json",
            HelpName = "FILE",
        };
        var name = new Option<string?>("--name") { Description = "The model name (default: the zip's file name)." };
        var command = new Command("register", "Register a package as the next version of its model.") { package, manifest, name };
        command.SetAction(result =>
        {
            var path = result.GetValue(package)!;
            var model = result.GetValue(name) ?? Path.GetFileNameWithoutExtension(path);
            var registration = options.OpenRegistry(result).Register(path, result.GetValue(manifest)!, model);
            var output = options.Output(result);
            if (output.IsJson) output.Json(registration);
            else output.Line(registration.Message);
            return ExitCodes.Ok;
        });
        return command;
    }
}
