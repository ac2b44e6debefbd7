namespace Workflow.Registry;

/// <summary>
/// One line of <c>aliases.jsonl</c>, the append-only history of alias moves. <see cref="Action"/> is <c>set</c>,
/// <c>rollback</c> or <c>delete</c>; <see cref="From"/> is null when the alias is new, <see cref="To"/> when it
/// was deleted.
/// </summary>
/// A copy between registries is recorded here too, in both registries (<c>copy-out</c>, <c>copy-in</c>: alias "",
/// <see cref="From"/> the source version, <see cref="To"/> the target's, <see cref="Peer"/> the other registry).
public sealed record AliasMove(DateTimeOffset When, string Model, string Alias, string Action, int? From, int? To, string By)
{
    /// <summary>The other registry of a copy; null for alias moves.</summary>
    [Newtonsoft.Json.JsonProperty(NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore)]
    public string? Peer { get; init; }
}
