using System.CommandLine;
using Workflow.Cli.Commands;

namespace Workflow.Cli;

/// <summary>
/// The entry point: builds the commands, maps outcomes to <see cref="ExitCodes"/>, and prints every failure as one
/// line on stderr (no stack traces; set WORKFLOW_DEBUG=1 to see one for an unexpected error).
/// </summary>
public static class CliApp
{
    private const string MissingCommand = "Required command was not provided.";

    public static int Run(string[] args)
    {
        var options = new CliOptions();
        var root = new RootCommand("Workflow model registry: list, compare, promote, verify and use registered model versions.")
        {
            options.Registry,
            options.Json,
        };
        foreach (var command in Commands(options)) root.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line: "Required command was not provided" only matters when nothing more specific went wrong.
            var specific = parsed.Errors.Where(e => e.Message != MissingCommand).ToList();
            var errors = specific.Count > 0 ? specific : parsed.Errors;
            Console.Error.WriteLine($"{string.Join(" ", errors.Select(e => e.Message))} (see --help)");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (WorkflowException e)
        {
            Console.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            // The one place that catches everything: a bug still ends in one readable line.
            Console.Error.WriteLine(Environment.GetEnvironmentVariable("WORKFLOW_DEBUG") == "1"
                ? e.ToString()
                : $"Unexpected error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.UserError;
        }
    }

    private static IEnumerable<Command> Commands(CliOptions options) =>
    [
        ListCommand.Create(options),
        ShowCommand.Create(options),
        CompareCommand.Create(options),
        AliasCommand.Create(options),
        HistoryCommand.Create(options),
        RollbackCommand.Create(options),
        TagCommand.Create(options),
        DescribeCommand.Create(options),
        VerifyCommand.Create(options),
        DeleteCommand.Create(options),
        GcCommand.Create(options),
        PredictCommand.Create(options),
        RegisterCommand.Create(options),
        CheckModelsCommand.Create(options),
        OutdatedCommand.Create(options),
        PullCommand.Create(options),
        CopyCommand.Create(options),
    ];
}
