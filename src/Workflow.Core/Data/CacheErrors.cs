namespace Workflow.Data;

/// <summary>The messages for a local cache that cannot take an object.</summary>
internal static class CacheErrors
{
    public static WorkflowException NotWritable(ObjectDirectory cache, Exception e) => new(
        $"The cache {cache.Root} is not writable ({e.Message}); make it writable (e.g. `chmod -R u+w .dvc/cache`) "
        + "or free some space, then run again. Nothing in data/ or data.dvc was changed.",
        inner: e);
}
