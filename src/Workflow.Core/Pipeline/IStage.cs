namespace Workflow.Pipeline;

/// <summary>
/// A pipeline stage. It declares its units; <see cref="StageRunner"/> does the hashing, skipping and explaining.
/// </summary>
public interface IStage
{
    /// <summary>The Cake task name, e.g. <c>Train</c>.</summary>
    string Name { get; }

    /// <summary>Part of every unit key: bump it when <see cref="Run"/> would produce different bytes.</summary>
    int Version { get; }

    /// <summary>Units are independent of each other and may run on all cores.</summary>
    bool RunsInParallel => false;

    /// <summary>
    /// When true, a unit that fails with a <see cref="WorkflowException"/> is reported as skipped and the build goes
    /// on; when false (the default) the stage fails after trying every unit, listing every failure.
    /// </summary>
    bool SkipsFailedUnits => false;

    /// <summary>Appended to the error listing failed units: how to get past them.</summary>
    string? FailureAdvice => null;

    /// <summary>
    /// The size up to which an input the runner has to read to hash it is handed to <see cref="Run"/> in
    /// <see cref="StageUnit.InputBytes"/>, so a stage that reads its inputs whole (a recording) reads each once; 0 (the
    /// default): never.
    /// </summary>
    int SharesInputBytesUpTo => 0;

    IReadOnlyList<StageUnit> Units();

    /// <summary>Reads the unit's inputs and writes exactly its outputs (atomically).</summary>
    void Run(StageUnit unit, Workspace workspace);

    /// <summary>
    /// <see cref="Run"/>, returning the SHA-256 of each output whose bytes the stage hashed as it wrote them (see
    /// <see cref="Cache.AtomicFile.WriteHashed"/>); the runner reads back the others. 100,000 feature files need not
    /// be read again just after they were written.
    /// </summary>
    IReadOnlyDictionary<string, string>? RunHashed(StageUnit unit, Workspace workspace)
    {
        Run(unit, workspace);
        return null;
    }
}
