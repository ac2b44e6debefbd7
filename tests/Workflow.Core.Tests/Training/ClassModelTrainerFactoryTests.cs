using Workflow.Features;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class ClassModelTrainerFactoryTests
{
    private static Dictionary<string, List<FeatureMatrix>> Training() => SyntheticFeatures.FourClasses()
        .Select((c, i) => (c.Label, Utterances: SyntheticFeatures.Utterances(100 + i, 12, c.Means)))
        .ToDictionary(c => c.Label, c => c.Utterances);

    public sealed class TheCreateMethod
    {
        [TestCase("gaussian", typeof(DiagonalGaussianTrainer))]
        [TestCase("gmm", typeof(GaussianMixtureTrainer))]
        [TestCase("hmm", typeof(HiddenMarkovTrainer))]
        [TestCase("kmeans", typeof(KMeansCodebookTrainer))]
        public void Should_Create_The_Trainer_Of_The_Family(string family, Type expected)
        {
            // Given
            var options = new TrainOptions { Family = family };

            // When
            var trainer = ClassModelTrainerFactory.Create(options);

            // Then
            Assert.That(trainer, Is.TypeOf(expected));
        }

        [TestCaseSource(typeof(FamilyCases), nameof(FamilyCases.All))]
        public void Should_Create_Models_That_Classify_Synthetic_Classes_Almost_Perfectly(string family)
        {
            // Given
            var trainer = ClassModelTrainerFactory.Create(FamilyCases.For(family));
            var models = Training().Select(c => trainer.Fit(c.Key, c.Value)).ToList();
            var test = SyntheticFeatures.FourClasses()
                .SelectMany((c, i) => SyntheticFeatures.Utterances(200 + i, 10, c.Means).Select(u => (c.Label, u)))
                .ToList();

            // When
            var correct = test.Count(t => models.MaxBy(m => m.Score(t.u))!.Class == t.Label);

            // Then
            Assert.That(correct, Is.GreaterThanOrEqualTo(test.Count - 1), $"{correct} of {test.Count}");
        }

        [TestCaseSource(typeof(FamilyCases), nameof(FamilyCases.All))]
        public void Should_Write_Byte_Identical_Model_Files_For_The_Same_Seed_And_Data(string family)
        {
            // Given
            using var directory = new TempDirectory();
            var options = FamilyCases.For(family);
            var (label, utterances) = Training().First();

            // When
            ClassModelFile.Write(directory.Combine("first.model"), ClassModelTrainerFactory.Create(options).Fit(label, utterances));
            ClassModelFile.Write(directory.Combine("second.model"), ClassModelTrainerFactory.Create(options).Fit(label, utterances));

            // Then
            Assert.That(File.ReadAllBytes(directory.Combine("second.model")), Is.EqualTo(File.ReadAllBytes(directory.Combine("first.model"))));
        }
    }
}
