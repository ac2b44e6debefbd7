namespace Workflow.Data;

/// <summary>Object paths inside a remote: relative, slash-separated, never leaving the remote's root.</summary>
internal static class RemotePaths
{
    public static string Checked(string path)
    {
        if (string.IsNullOrEmpty(path) || path.StartsWith('/') || path.Contains('\\')
            || path.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"'{path}' is not a relative object path.", nameof(path));
        return path;
    }
}
