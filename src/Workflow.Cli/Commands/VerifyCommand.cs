using System.CommandLine;

namespace Workflow.Cli.Commands;

/// <summary><c>verify</c>: rehash every package, load every model, score a sample; exit code 3 if anything is wrong.</summary>
public static class VerifyCommand
{
    public static Command Create(CliOptions options)
    {
        var command = new Command("verify", "Rehash every package blob, load each version's models and score a sample.");
        command.SetAction(result =>
        {
            var report = options.OpenRegistry(result).Verify();
            var output = options.Output(result);
            if (output.IsJson) output.Json(report);
            else
            {
                foreach (var problem in report.Problems) output.Line($"{problem.Subject}: {problem.Problem}");
                output.Line(report.Ok
                    ? $"OK: {report.VersionsChecked} version(s), {report.BlobsChecked} blob(s) verified."
                    : $"FAILED: {report.Problems.Count} problem(s) in {report.VersionsChecked} version(s).");
                if (report.UnreferencedBlobs.Count > 0)
                    output.Line($"{report.UnreferencedBlobs.Count} blob(s) no version references; gc removes them.");
            }
            return report.Ok ? ExitCodes.Ok : ExitCodes.VerifyFailed;
        });
        return command;
    }
}
