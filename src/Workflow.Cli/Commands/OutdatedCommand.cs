using System.CommandLine;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Workflow.Registry;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>outdated [REF…]</c>: for each reference (default: the config's deploy.models), the version this machine has
/// (pulled last, else the local registry's), the version it points at in the registry now, metric deltas and the
/// download size. Exit code 10 when any update is available, 0 when none, 1 on error.
/// </summary>
public static class OutdatedCommand
{
    public static Command Create(CliOptions options)
    {
        var references = new DeployReferences();
        var command = new Command("outdated", "Check whether the registry has newer versions than this machine has (exit code 10: updates available).")
        {
            references.References, references.Config,
        };
        command.SetAction(result =>
        {
            var refs = references.Resolve(result, "outdated");
            var registry = options.OpenRegistry(result);
            var local = RegistryLocation.CurrentRepository() is { } repository ? new ModelRegistry(RegistryLocation.DefaultOf(repository)) : null;
            var checks = registry.Outdated(refs, local);
            var output = options.Output(result);
            if (output.IsJson)
                output.Json(new JArray(checks.Select(c => new JObject
                {
                    ["reference"] = c.Reference,
                    ["have"] = c.Have?.Version,
                    ["haveSha256"] = c.Have?.PackageSha256,
                    ["now"] = c.Now.Version,
                    ["nowSha256"] = c.Now.PackageSha256,
                    ["updateAvailable"] = c.UpdateAvailable,
                    ["downloadBytes"] = c.DownloadBytes,
                    ["metricDeltas"] = JObject.FromObject(c.MetricDeltas),
                })));
            else
            {
                var table = Output.Table("reference", "have", "now", "update", "metric changes", "download");
                foreach (var c in checks)
                    table.AddRow(
                        Output.Escape(c.Reference), Output.Escape(c.Have is null ? "none" : c.Have.Reference), Output.Escape(c.Now.Reference),
                        c.UpdateAvailable ? "[yellow]available[/]" : "up to date",
                        Output.Escape(string.Join(", ", c.MetricDeltas.Where(d => d.Value != 0).Select(d => $"{d.Key} {(d.Value > 0 ? "+" : "")}{Formats.Number(d.Value)}"))),
                        c.UpdateAvailable ? Formats.Bytes(c.DownloadBytes) : "-");
                output.Write(table);
            }
            return checks.Any(c => c.UpdateAvailable) ? ExitCodes.UpdateAvailable : ExitCodes.Ok;
        });
        return command;
    }
}
