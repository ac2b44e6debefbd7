using System.Runtime.ExceptionServices;

namespace Workflow.Data;

/// <summary>Runs independent file operations on all cores and surfaces a failure as itself.</summary>
internal static class ParallelWork
{
    /// <summary>
    /// Runs <paramref name="body"/> for 0 … <paramref name="count"/> − 1 on all cores; every index runs, and the
    /// failure thrown is the same whatever the scheduling: a <see cref="WorkflowException"/> (its message is written
    /// for the user; callers expect it, not "One or more errors occurred") before any other, then the lowest index.
    /// </summary>
    public static void For(int count, Action<int> body)
    {
        var failures = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        var first = failures.OfType<Exception>().OrderBy(x => x is WorkflowException ? 0 : 1).FirstOrDefault(); // a stable sort
        if (first is not null) ExceptionDispatchInfo.Throw(first);
    }
}
