namespace Workflow.Training;

/// <summary>
/// MAP adaptation of a left-to-right HMM: forward-backward under the current model (the base's in the first pass)
/// gives each state's occupancy of every frame and its components' shares — the statistics Baum-Welch re-estimates
/// from (<see cref="HiddenMarkovTrainer.Statistics"/>) — and each state's mixture moves towards them by
/// <see cref="MapAdaptation"/>; with <c>transitions</c> in the update, so do the self-loops. The base's structure
/// (states, components) is kept, whatever <c>train.hmm</c> says.
/// </summary>
internal static class HiddenMarkovAdapter
{
    public static HiddenMarkovModel Adapt(HiddenMarkovModel prior, TrainingSet set, TrainOptions options, int maxDegreeOfParallelism)
    {
        var states = prior.States.Length;
        var usable = Enumerable.Range(0, set.Count).Where(u => set.Length(u) >= states).ToArray();
        if (usable.Length == 0)
            throw new WorkflowException(
                $"Class {prior.Class}: no training file has at least {states} frames, the states of the base model's HMM, so none can be aligned to it; add longer recordings of it or remove train.base.");
        var trainer = new HiddenMarkovTrainer(options.Hmm, options.Seed, options.VarianceFloor, maxDegreeOfParallelism);
        var floor = TrainingFrames.VarianceFloor(set, usable, options.VarianceFloor);
        var adapt = options.Adapt;
        var model = prior;
        for (var pass = 0; pass < adapt.Iterations; pass++)
        {
            var statistics = trainer.Statistics(model, set);
            var mixtures = new DiagonalMixture[states];
            var selfLoops = (double[])prior.SelfLoops.Clone();
            for (var j = 0; j < states; j++)
            {
                mixtures[j] = MapAdaptation.Mixture(prior.States[j], statistics.Mixtures[j], adapt.Relevance, adapt.Updates, floor);
                if (adapt.Updates.HasFlag(AdaptUpdate.Transitions))
                {
                    selfLoops[j] = MapAdaptation.SelfLoop(prior.SelfLoops[j], statistics.Stay[j],
                        statistics.Stay[j] + statistics.Leave[j], adapt.Relevance, HiddenMarkovTrainer.MaxSelfLoop);
                }
            }
            model = new HiddenMarkovModel(prior.Class, selfLoops, mixtures);
        }
        return model;
    }
}
