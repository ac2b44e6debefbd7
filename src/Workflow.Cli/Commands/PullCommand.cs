using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Workflow.Registry;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>pull [REF…]</c>: fetches the versions the references (default: the config's deploy.models) point at now into
/// this machine's cache of the registry, 4 at once, each verified by its SHA-256; an interrupted pull resumes where it
/// stopped and never leaves a partial package in place. A progress bar per transfer on a terminal, then a summary.
/// </summary>
public static class PullCommand
{
    public static Command Create(CliOptions options)
    {
        var references = new DeployReferences();
        var jobs = new Option<int>("--jobs", "-j") { Description = "Transfers at once.", DefaultValueFactory = _ => 4 };
        var command = new Command("pull", "Download registered versions to this machine, verified (resumable).")
        {
            references.References, references.Config, jobs,
        };
        command.SetAction(result =>
        {
            var refs = references.Resolve(result, "pull");
            var registry = options.OpenRegistry(result);
            var output = options.Output(result);
            var results = output.IsJson || Console.IsErrorRedirected
                ? registry.Pull(refs, result.GetValue(jobs))
                : WithBars(registry, refs, result.GetValue(jobs));
            if (output.IsJson)
            {
                output.Json(new JArray(results.Select(r => new JObject
                {
                    ["reference"] = r.Reference,
                    ["version"] = r.Version.Reference,
                    ["packageSha256"] = r.Version.PackageSha256,
                    ["bytes"] = r.Bytes,
                    ["seconds"] = Math.Round(r.Took.TotalSeconds, 3),
                    ["cached"] = r.Cached,
                    ["path"] = r.Path,
                })));
                return ExitCodes.Ok;
            }
            var table = Output.Table("reference", "version", "size", "time", "source");
            foreach (var r in results)
                table.AddRow(Output.Escape(r.Reference), Output.Escape(r.Version.Reference), Formats.Bytes(r.Bytes),
                    string.Create(CultureInfo.InvariantCulture, $"{r.Took.TotalSeconds:0.00} s"), r.Cached ? "cached" : "fetched");
            output.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One bar per transfer, on stderr (stdout keeps the summary).</summary>
    private static IReadOnlyList<PullResult> WithBars(ModelRegistry registry, IReadOnlyList<string> refs, int jobs)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        IReadOnlyList<PullResult> results = [];
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .Start(context =>
            {
                var bars = new ConcurrentDictionary<string, ProgressTask>(StringComparer.Ordinal);
                results = registry.Pull(refs, jobs, (reference, version, bytes) =>
                {
                    var bar = bars.GetOrAdd(reference, _ => context.AddTask(Markup.Escape($"{reference} → {version.Reference}"), maxValue: Math.Max(1, version.PackageBytes)));
                    bar.Value = bytes;
                });
                foreach (var bar in bars.Values) bar.Value = bar.MaxValue;
            });
        return results;
    }
}
