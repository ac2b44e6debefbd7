namespace Workflow.Data;

/// <summary>A remote failure worth retrying (5xx, 408, 429, timeout, refused or reset connection).</summary>
public class TransientRemoteException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// An object whose bytes did not match its checksum as it was read: replaced while it was read (worth reading again),
/// or, when that keeps happening, stored broken (s3rver, for one, can mix two concurrent PUTs of one key).
/// </summary>
public sealed class ObjectChangedWhileReadException(string reason, Exception? inner = null) : TransientRemoteException(reason, inner);
