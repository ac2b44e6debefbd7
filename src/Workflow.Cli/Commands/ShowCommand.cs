using System.CommandLine;
using Spectre.Console;
using Workflow.Registry;

namespace Workflow.Cli.Commands;

/// <summary><c>show REF</c>: one version's metadata, lineage, metrics and parameters.</summary>
public static class ShowCommand
{
    public static Command Create(CliOptions options)
    {
        var reference = new Argument<string>("version") { Description = "name/3, name@alias or name (the latest)." };
        var command = new Command("show", "Show a version's metadata, metrics, lineage and parameters.") { reference };
        command.SetAction(result =>
        {
            var view = options.OpenRegistry(result).Show(result.GetValue(reference)!);
            var output = options.Output(result);
            if (output.IsJson)
            {
                output.Json(view.ToJson());
                return ExitCodes.Ok;
            }
            var v = view.Version;
            output.Write(Pairs(v.Reference,
                ("aliases", string.Join(", ", view.Aliases)),
                ("created", Formats.Time(v.Created)),
                ("created by", v.CreatedBy),
                ("package sha256", v.PackageSha256),
                ("package size", Formats.Bytes(v.PackageBytes)),
                ("classes", string.Join(", ", v.Classes)),
                ("tags", string.Join(", ", v.Tags)),
                ("description", v.Description)));
            var l = v.Lineage;
            output.Write(Pairs("lineage",
                ("manifest sha256", l.ManifestSha256),
                ("data", $"{l.DataHash} ({l.DataSource})"),
                ("config hash", l.ConfigHash),
                ("git commit", l.GitCommit + (l.GitDirty ? " (dirty)" : "")),
                ("tools", string.Join(", ", l.Tools.Select(t => $"{t.Key} {t.Value}"))),
                ("fine-tuned from", l.Base is { } b ? $"{b.Version} (train.base {b.Reference}; package sha256 {b.Sha256})" : "(none: trained from scratch)"),
                ("copied from", v.CopiedFrom ?? "(none: registered here)")));
            output.Write(Pairs("metrics", [.. v.Metrics.Select(m => (m.Key, Formats.Number(m.Value)))]));
            output.Write(Pairs("parameters", [.. VersionComparison.Flatten(v.Parameters).Select(p => (p.Key, p.Value ?? ""))]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Table Pairs(string title, params (string Key, string Value)[] rows)
    {
        var table = Output.Table(title, "").HideHeaders();
        table.Title = new TableTitle(Output.Escape(title));
        foreach (var (key, value) in rows) table.AddRow(Output.Escape(key), Output.Escape(value));
        return table;
    }
}
