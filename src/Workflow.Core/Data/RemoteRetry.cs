using System.Globalization;

namespace Workflow.Data;

/// <summary>
/// Runs one remote call, retrying what the remote reports as transient (<see cref="TransientRemoteException"/>) with
/// exponential backoff, then failing once with <see cref="RemoteUnreachableException"/>, which names the remote. The
/// one retry policy of data transfers and registries.
/// </summary>
/// <param name="retrying">Told of each retry ("&lt;error&gt;; retrying (1/2)"); retries are silent without it.</param>
/// <param name="subject">How the final message names the remote (default: its location).</param>
/// <param name="advice">What the final message tells the user to do.</param>
public sealed class RemoteRetry(IRemote remote, int retries = 2, TimeSpan? firstDelay = null, Action<string>? retrying = null,
    string? subject = null, string advice = "check the address and that the server is up, then try again.")
{
    private readonly TimeSpan _firstDelay = firstDelay ?? TimeSpan.FromMilliseconds(250);

    public IRemote Remote => remote;

    public T Run<T>(string what, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken = default) =>
        RunAsync(what, action, cancellationToken).GetAwaiter().GetResult();

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (TransientRemoteException e) when (attempt <= retries)
            {
                retrying?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{e.Message}; retrying ({attempt}/{retries})"));
                await Task.Delay(_firstDelay * Math.Pow(2, attempt - 1), cancellationToken).ConfigureAwait(false);
            }
            catch (TransientRemoteException e)
            {
                throw new RemoteUnreachableException(string.Create(CultureInfo.InvariantCulture,
                    $"{subject ?? remote.Location} is unreachable or failing: {e.Message} (gave up {what} after {attempt} attempts); {advice}"), e);
            }
        }
    }
}

/// <summary>A remote that still failed after its retries: the message names it and the last error.</summary>
public sealed class RemoteUnreachableException(string message, Exception inner) : WorkflowException(message, inner: inner);
