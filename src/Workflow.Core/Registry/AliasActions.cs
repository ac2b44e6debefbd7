namespace Workflow.Registry;

/// <summary>The <c>action</c> values of <see cref="AliasMove"/>.</summary>
public static class AliasActions
{
    public const string Set = "set";
    public const string Rollback = "rollback";
    public const string Delete = "delete";
    public const string CopyOut = "copy-out";
    public const string CopyIn = "copy-in";
}
