namespace Workflow.Training;

/// <summary>
/// A fitted model and its training log-likelihood per frame before each EM iteration's update (the last entry is the
/// returned model's when training converged), which EM guarantees never decreases.
/// </summary>
public sealed record FitResult<TModel>(TModel Model, IReadOnlyList<double> LogLikelihoods);
