using System.CommandLine;
using Workflow.Registry;

namespace Workflow.Cli;

/// <summary>
/// The options every command takes: <c>--registry DIR</c> (else WORKFLOW_REGISTRY, else the repository's
/// <c>.workflow/registry</c>) and <c>--json</c> (machine-readable output on stdout).
/// </summary>
public sealed class CliOptions
{
    public Option<string?> Registry { get; } = new("--registry")
    {
        Description = $"The registry: a folder, an http(s)/webdav(s) url, s3://bucket/prefix, or a remote named in .dvc/config (default: ${ModelRegistry.EnvironmentVariable}, else <repository>/{ModelRegistry.DefaultDirectory}).",
        Recursive = true,
        HelpName = "REGISTRY",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON instead of tables.",
        Recursive = true,
    };

    public ModelRegistry OpenRegistry(ParseResult result) =>
        new(RegistryLocation.Resolve(result.GetValue(Registry)), message => Console.Error.WriteLine(message));

    public Output Output(ParseResult result) => new(result.GetValue(Json));
}
