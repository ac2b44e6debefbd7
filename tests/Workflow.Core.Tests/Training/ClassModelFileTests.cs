using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class ClassModelFileTests
{
    public sealed class TheReadMethod
    {
        [TestCaseSource(typeof(FamilyCases), nameof(FamilyCases.All))]
        public void Should_Read_Back_A_Model_That_Scores_Exactly_As_The_One_Written(string family)
        {
            // Given
            using var directory = new TempDirectory();
            var (label, means) = SyntheticFeatures.FourClasses()[1];
            var model = ClassModelTrainerFactory.Create(FamilyCases.For(family)).Fit(label, SyntheticFeatures.Utterances(1, 10, means));
            var path = directory.Combine("b.model");
            ClassModelFile.Write(path, model);
            var probe = SyntheticFeatures.Utterances(2, 3, means);

            // When
            var read = ClassModelFile.Read(path, "artifacts/models/b.model");

            // Then
            Assert.That(read.GetType(), Is.EqualTo(model.GetType()));
            Assert.That(read.Class, Is.EqualTo("b"));
            Assert.That(probe.Select(read.Score), Is.EqualTo(probe.Select(model.Score)));
            ClassModelFile.Write(directory.Combine("again.model"), read);
            Assert.That(File.ReadAllBytes(directory.Combine("again.model")), Is.EqualTo(File.ReadAllBytes(path)));
        }

        [Test]
        public void Should_Name_The_File_Family_And_Version_It_Cannot_Read()
        {
            // Given
            using var directory = new TempDirectory();
            var path = directory.Write("7.model", """{"formatVersion": 9, "family": "hmm", "class": "7"}""");

            // When / Then
            Assert.That(() => ClassModelFile.Read(path, "artifacts/models/7.model"), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "artifacts/models/7.model holds a 'hmm' model of format version 9, which this build cannot read; rebuild it with the Train target."));
        }

        [Test]
        public void Should_Say_A_Model_With_Inconsistent_Fields_Is_Not_Valid()
        {
            // Given
            using var directory = new TempDirectory();
            var path = directory.Write("7.model",
                """{"formatVersion": 1, "family": "gmm", "class": "7", "weights": [1], "means": [[0]], "variances": [[0]]}""");

            // When / Then
            Assert.That(() => ClassModelFile.Read(path, "artifacts/models/7.model"), Throws.TypeOf<WorkflowException>().With.Message.StartsWith(
                "artifacts/models/7.model is not a valid 'gmm' model file ("));
        }
    }
}
