namespace Workflow.Data;

/// <summary>Opens the <see cref="IRemote"/> a <see cref="DvcRemote"/> from .dvc/config describes.</summary>
internal static class RemoteFactory
{
    /// <param name="forPush">Create a local remote's folder when missing, as <c>dvc push</c> does.</param>
    public static IRemote Open(DvcRemote remote, DataOptions options, bool forPush = false) => remote switch
    {
        { Http: { } http } => new HttpRemote(remote.Name, http, options.Jobs),
        { S3: { } s3 } => new S3Remote(remote.Name, s3, options.Jobs),
        _ => new LocalRemote(remote.Name, remote.LocalPath!, forPush),
    };

    public static IRemote OpenDefault(DvcWorkspace workspace, DataOptions options, bool forPush = false) =>
        Open(workspace.LoadConfig().DefaultRemote(), options, forPush);
}
