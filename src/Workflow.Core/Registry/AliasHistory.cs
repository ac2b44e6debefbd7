namespace Workflow.Registry;

/// <summary>
/// Replays the alias log to find where <c>rollback</c> goes. Each alias's moves form a stack: <c>set</c> pushes the
/// new target, <c>rollback</c> pops the current one, <c>delete</c> empties it. The target below the top is the
/// previous one, so rolling back twice after three promotions walks back two steps rather than toggling.
/// </summary>
internal static class AliasHistory
{
    public static int? PreviousTarget(IEnumerable<AliasMove> log, string model, string alias)
    {
        var stack = new List<int>();
        foreach (var move in log.Where(m => m.Model == model && m.Alias == alias))
        {
            switch (move.Action)
            {
                case AliasActions.Set when move.To is { } to:
                    stack.Add(to);
                    break;
                case AliasActions.Rollback when stack.Count > 0:
                    stack.RemoveAt(stack.Count - 1);
                    break;
                case AliasActions.Delete:
                    stack.Clear();
                    break;
            }
        }
        return stack.Count >= 2 ? stack[^2] : null;
    }
}
