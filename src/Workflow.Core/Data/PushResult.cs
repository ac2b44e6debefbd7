namespace Workflow.Data;

/// <summary>What PushData sent to the default remote.</summary>
/// <param name="Uploaded">Objects sent (files plus, when it was missing, the listing, always last).</param>
/// <param name="AlreadyOnRemote">Objects the remote already had.</param>
/// <param name="BytesUploaded">Bytes of the objects sent.</param>
public sealed record PushResult(string RemoteName, string RemoteLocation, int Uploaded, int AlreadyOnRemote, long BytesUploaded);
