using Newtonsoft.Json;
using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class ClassModelAdapterTests
{
    private static readonly double[][] Means = SyntheticFeatures.FourClasses()[0].Means;

    /// <summary>Class a's segments shifted by <paramref name="shift"/> in every dimension: the same word, another voice.</summary>
    private static List<FeatureMatrix> Speaker(int seed, int count, double shift) =>
        SyntheticFeatures.Utterances(seed, count, Means.Select(m => m.Select(v => v + shift).ToArray()).ToArray());

    private static IClassModel Base(string family) =>
        ClassModelTrainerFactory.Create(FamilyCases.For(family)).Fit("a", Speaker(1, 30, 0));

    private static double MeanScore(IClassModel model, IEnumerable<FeatureMatrix> utterances) => utterances.Average(model.Score);

    private static string Serialized(IClassModel model) => JsonConvert.SerializeObject(model);

    public static IEnumerable<string> Adaptable => ["gaussian", "gmm", "hmm"];

    public sealed class TheAdaptMethod
    {
        [TestCaseSource(typeof(ClassModelAdapterTests), nameof(Adaptable))]
        public void Should_Raise_The_Log_Likelihood_Of_The_Adaptation_Data_Above_The_Bases(string family)
        {
            // Given
            var prior = Base(family);
            var data = Speaker(2, 5, 1.0);
            var options = FamilyCases.For(family) with { Adapt = new AdaptOptions { Update = "means,weights,variances" } };

            // When
            var adapted = ClassModelAdapter.Adapt(prior, TrainingSet.From("a", data), options);

            // Then
            Assert.That(MeanScore(adapted, data), Is.GreaterThan(MeanScore(prior, data) + 0.1));
        }

        [TestCaseSource(typeof(ClassModelAdapterTests), nameof(Adaptable))]
        public void Should_Return_The_Base_Model_When_The_Relevance_Is_Infinite(string family)
        {
            // Given
            var prior = Base(family);
            var options = FamilyCases.For(family) with
            {
                Adapt = new AdaptOptions { Relevance = double.PositiveInfinity, Update = "means,weights,variances,transitions" },
            };

            // When
            var adapted = ClassModelAdapter.Adapt(prior, TrainingSet.From("a", Speaker(2, 5, 1.0)), options);

            // Then
            Assert.That(Serialized(adapted), Is.EqualTo(Serialized(prior)));
        }

        [TestCaseSource(typeof(ClassModelAdapterTests), nameof(Adaptable))]
        public void Should_Give_The_Same_Model_Bits_Every_Time(string family)
        {
            // Given
            var prior = Base(family);
            var set = TrainingSet.From("a", Speaker(2, 5, 1.0));
            var options = FamilyCases.For(family) with { Adapt = new AdaptOptions { Update = "means,variances", Iterations = 2 } };

            // When
            var first = ClassModelAdapter.Adapt(prior, set, options);
            var second = ClassModelAdapter.Adapt(prior, set, options);

            // Then
            Assert.That(Serialized(second), Is.EqualTo(Serialized(first)));
        }

        [Test]
        public void Should_Move_The_Hmm_Self_Loops_Only_When_Transitions_Are_Updated()
        {
            // Given
            var prior = (HiddenMarkovModel)Base("hmm");
            var set = TrainingSet.From("a", Speaker(2, 5, 1.0));
            var options = FamilyCases.For("hmm");

            // When
            var means = (HiddenMarkovModel)ClassModelAdapter.Adapt(prior, set, options with { Adapt = new AdaptOptions { Update = "means" } });
            var transitions = (HiddenMarkovModel)ClassModelAdapter.Adapt(prior, set, options with { Adapt = new AdaptOptions { Update = "means,transitions" } });

            // Then
            Assert.That(means.SelfLoops, Is.EqualTo(prior.SelfLoops));
            Assert.That(transitions.SelfLoops, Is.Not.EqualTo(prior.SelfLoops));
        }

        [Test]
        public void Should_Refuse_A_KMeans_Model_By_Name()
        {
            // Given
            var prior = Base("kmeans");

            // When / Then
            Assert.That(() => ClassModelAdapter.Adapt(prior, TrainingSet.From("a", Speaker(2, 5, 1.0)), FamilyCases.For("kmeans")),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "Class a: a 'kmeans' model cannot be fine-tuned (MAP adaptation is defined for gaussian, gmm and hmm); remove train.base to train it from scratch."));
        }

        [Test]
        public void Should_Refuse_Hmm_Adaptation_Data_Too_Short_For_The_Bases_States()
        {
            // Given: the base has 3 states; every recording has 2 frames
            var prior = Base("hmm");
            var tooShort = new FeatureMatrix(2, 3, [0, 0, 0, 1, 1, 1]);

            // When / Then
            Assert.That(() => ClassModelAdapter.Adapt(prior, TrainingSet.From("a", [tooShort]), FamilyCases.For("hmm")),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "Class a: no training file has at least 3 frames, the states of the base model's HMM, so none can be aligned to it; add longer recordings of it or remove train.base."));
        }
    }
}
