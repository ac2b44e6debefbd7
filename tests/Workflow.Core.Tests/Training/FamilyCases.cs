using Workflow.Training;

namespace Workflow.Tests.Training;

/// <summary>Small, fast settings of every family, for tests that treat the families alike.</summary>
internal static class FamilyCases
{
    public static TrainOptions For(string family) => new()
    {
        Family = family,
        Seed = 7,
        Gmm = new GmmOptions { Components = 4, Iterations = 15 },
        Hmm = new HmmOptions { States = 3, Mixtures = 1, Iterations = 8 },
        KMeans = new KMeansOptions { Clusters = 6, Iterations = 50 },
    };

    /// <summary>The families over frames of real numbers; discrete-hmm (note symbols) has its own tests.</summary>
    public static IEnumerable<string> All => TrainOptions.ContinuousFamilies;
}
