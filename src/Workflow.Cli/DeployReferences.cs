using System.CommandLine;
using Workflow.Pipeline;

namespace Workflow.Cli;

/// <summary>
/// The references <c>outdated</c> and <c>pull</c> work on: those given, else the config's <c>deploy.models</c>
/// (<c>--config</c>, by default the repository's config/workflow.json).
/// </summary>
public sealed class DeployReferences
{
    public Argument<string[]> References { get; } = new("references")
    {
        Description = "Versions to check, e.g. spoken-digits@prod (default: deploy.models in the config).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The settings file whose deploy.models are used when no reference is given (default: config/workflow.json of the repository).",
    };

    public IReadOnlyList<string> Resolve(ParseResult result, string command)
    {
        var given = result.GetValue(References) ?? [];
        if (given.Length > 0) return given;
        var config = result.GetValue(Config);
        var path = config is not null ? Path.GetFullPath(config)
            : RegistryLocation.Repository() is { } repository ? Path.Combine(repository, WorkflowConfig.DefaultPath)
            : null;
        var models = path is not null && (config is not null || File.Exists(path)) ? WorkflowConfig.Load(path, config ?? WorkflowConfig.DefaultPath).Deploy.Models : [];
        return models.Length > 0 ? models : throw new WorkflowException(
            $"{command}: no references given and no deploy.models in {path ?? WorkflowConfig.DefaultPath}; name them (e.g. {command} spoken-digits@prod) or list them under \"deploy\": {{ \"models\": [...] }} in the config.");
    }
}
