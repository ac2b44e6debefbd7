namespace Workflow.Data;

/// <summary>A remote failure worth retrying (5xx, 408, 429, timeout, refused or reset connection).</summary>
public sealed class TransientRemoteException(string reason, Exception? inner = null) : Exception(reason, inner);
