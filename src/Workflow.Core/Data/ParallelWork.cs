using System.Runtime.ExceptionServices;

namespace Workflow.Data;

/// <summary>Runs independent file operations on all cores and surfaces the first failure as itself.</summary>
internal static class ParallelWork
{
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
        }
        catch (AggregateException e)
        {
            // Callers and users expect the WorkflowException's own message, not "One or more errors occurred".
            var first = e.Flatten().InnerExceptions.OrderBy(x => x is WorkflowException ? 0 : 1).First();
            ExceptionDispatchInfo.Throw(first);
        }
    }
}
