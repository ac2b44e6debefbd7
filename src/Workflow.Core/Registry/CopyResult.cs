namespace Workflow.Registry;

/// <summary>
/// A version copied to another registry: its reference there, whether the copy made it (false: those package
/// bytes were there already, as that version), and the alias move made on arrival, if any.
/// </summary>
public sealed record CopyResult(string Source, string Target, string TargetRegistry, bool IsNew, AliasMove? AliasMove);
