namespace Workflow.Data;

/// <summary>One file of a tracked directory: its path below the directory ('/'-separated) and its MD5.</summary>
public sealed record DirEntry(string RelPath, string Md5);
