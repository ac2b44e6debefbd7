namespace Workflow.Data;

/// <summary>How the data operations (TrackData, DataStatus, PushData, FetchData) run.</summary>
/// <param name="Jobs">Transfers (and HEAD checks) in flight at once against a remote.</param>
/// <param name="Retries">Extra attempts for a transient failure (5xx, 408, 429, timeout, refused or reset connection).</param>
/// <param name="RetryDelay">The first backoff; each further retry waits twice as long.</param>
/// <param name="LockTimeout">How long to wait for another build holding <c>.dvc/tmp/workflow.lock</c>.</param>
public sealed record DataOptions(int Jobs = 4, int Retries = 3, TimeSpan? RetryDelay = null, TimeSpan? LockTimeout = null)
{
    /// <summary>Hashing and transfer progress; called from worker threads. See <see cref="Progress.ProgressDisplay"/>.</summary>
    public IProgress<TransferProgress>? Progress { get; init; }

    /// <summary>Where waiting-for-the-lock and similar one-line notices go.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    internal TimeSpan FirstRetryDelay => RetryDelay ?? TimeSpan.FromMilliseconds(500);

    internal TimeSpan LockWait => LockTimeout ?? TimeSpan.FromSeconds(120);

    internal void Validate()
    {
        if (Jobs < 1 || Retries < 0)
        {
            throw new WorkflowException(
                $"Data options need Jobs >= 1 and Retries >= 0 (got Jobs={Jobs}, Retries={Retries}); fix the caller.");
        }
    }
}
