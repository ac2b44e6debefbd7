using System.CommandLine;
using Workflow.Cache;

namespace Workflow.Cli.Commands;

/// <summary><c>gc [--dry-run]</c>: remove package blobs that no version references.</summary>
public static class GcCommand
{
    public static Command Create(CliOptions options)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list what would be removed." };
        var command = new Command("gc", "Remove package blobs no version references.") { dryRun };
        command.SetAction(result =>
        {
            var gc = options.OpenRegistry(result).Gc(result.GetValue(dryRun));
            var output = options.Output(result);
            if (output.IsJson)
            {
                output.Json(gc);
                return ExitCodes.Ok;
            }
            foreach (var blob in gc.Removed) output.Line($"{(gc.DryRun ? "would remove" : "removed")} {ContentHash.Short(blob)}");
            output.Line(gc.DryRun
                ? $"Would remove {gc.Removed.Count} blob(s), {Formats.Bytes(gc.Bytes)}; {gc.Kept} referenced blob(s) kept."
                : $"Removed {gc.Removed.Count} blob(s), {Formats.Bytes(gc.Bytes)}; {gc.Kept} referenced blob(s) kept.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
