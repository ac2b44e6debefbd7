using System.CommandLine;
using Newtonsoft.Json.Linq;
using Workflow.Registry;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>copy REF --to REGISTRY [--alias A]</c>: promotes a version from this registry (<c>--registry</c>) to another,
/// with its metadata, lineage and package, verified on arrival; idempotent. Both histories record it.
/// </summary>
public static class CopyCommand
{
    public static Command Create(CliOptions options)
    {
        var reference = new Argument<string>("reference") { Description = "The version to copy, e.g. spoken-digits@staging." };
        var to = new Option<string>("--to") { Description = "The registry to copy to: a folder, url, s3://bucket/prefix or .dvc/config remote.", Required = true, HelpName = "REGISTRY" };
        var alias = new Option<string?>("--alias", "-a") { Description = "Point this alias of the target registry at the copy." };
        var command = new Command("copy", "Copy a version, with its metadata and package, to another registry.") { reference, to, alias };
        command.SetAction(result =>
        {
            var source = options.OpenRegistry(result);
            var target = new ModelRegistry(RegistryLocation.Parse(result.GetValue(to)!), message => Console.Error.WriteLine(message));
            var copy = source.CopyTo(result.GetValue(reference)!, target, result.GetValue(alias));
            var output = options.Output(result);
            if (output.IsJson)
            {
                output.Json(new JObject
                {
                    ["source"] = copy.Source,
                    ["target"] = copy.Target,
                    ["targetRegistry"] = copy.TargetRegistry,
                    ["isNew"] = copy.IsNew,
                    ["alias"] = copy.AliasMove?.Alias,
                });
                return ExitCodes.Ok;
            }
            output.Line(copy.IsNew
                ? $"Copied {copy.Source} to {copy.TargetRegistry} as {copy.Target}."
                : $"{copy.TargetRegistry} already holds {copy.Source}'s package as {copy.Target}; nothing copied.");
            if (copy.AliasMove is { } move) output.Line($"{move.Model}@{move.Alias} now points at {copy.Target} there.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
