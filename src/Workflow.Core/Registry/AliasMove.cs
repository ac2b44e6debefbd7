namespace Workflow.Registry;

/// <summary>
/// One line of <c>aliases.jsonl</c>, the append-only history of alias moves. <see cref="Action"/> is <c>set</c>,
/// <c>rollback</c> or <c>delete</c>; <see cref="From"/> is null when the alias is new, <see cref="To"/> when it
/// was deleted.
/// </summary>
public sealed record AliasMove(DateTimeOffset When, string Model, string Alias, string Action, int? From, int? To, string By);
