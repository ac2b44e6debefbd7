namespace {{Namespace}};

/// <summary>
/// What the build's WAV reader (Wav/, copied from src/Workflow.Core/Audio) throws; <see cref="Recording"/> turns it
/// into the <see cref="InvalidDataException"/> the API documents, with the build's message unchanged.
/// </summary>
internal sealed class WorkflowException(string message, int exitCode = 1, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
