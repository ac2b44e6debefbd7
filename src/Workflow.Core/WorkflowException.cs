namespace Workflow;

/// <summary>
/// The one exception type for failures a user can act on. The message names the file or value and says how to
/// fix it; entry points print it on one line (no stack trace) and exit with <see cref="ExitCode"/>.
/// </summary>
public class WorkflowException(string message, int exitCode = 1, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
