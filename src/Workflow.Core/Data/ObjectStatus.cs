namespace Workflow.Data;

/// <summary>What an <see cref="ObjectDirectory"/> holds for an MD5.</summary>
public enum ObjectStatus
{
    /// <summary>The object exists and its bytes hash to its name.</summary>
    Present,

    /// <summary>No object by that name.</summary>
    Missing,

    /// <summary>An object by that name exists but its bytes hash to something else; it is never used.</summary>
    Corrupt,
}
