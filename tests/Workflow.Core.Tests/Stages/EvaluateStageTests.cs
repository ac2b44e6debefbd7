using Workflow.Stages;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Stages;

public sealed class EvaluateStageTests
{
    public sealed class TheRunMethod
    {
        [Test]
        public void Should_Predict_Every_Test_File_In_Order_As_The_Models_Score_It()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace) = TrainStageTests.Features(directory);
            TrainStageTests.TrainAll(new TrainStage(dataset, TrainStageTests.Config()), workspace);
            var stage = new EvaluateStage(dataset);
            var models = dataset.Classes.Select(c => ClassModelFile.Read(workspace.Resolve(TrainStage.ModelPath(c)), c)).ToList();

            // When
            ScoreAll(dataset, workspace);
            stage.Run(stage.Units().Single(), workspace);

            // Then
            var lines = File.ReadAllLines(workspace.Resolve(EvaluateStage.PredictionsPath)).Skip(1).ToList();
            var expected = dataset.Test.Select(f =>
            {
                var features = TrainStage.ReadFeatures(workspace, FeaturePaths.Of(f));
                var scores = models.Select(m => m.Score(features).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                return string.Join(",", new[] { f.Name, f.Class, models.MaxBy(m => m.Score(features))!.Class }.Concat(scores));
            });
            Assert.That(lines, Is.EqualTo(expected));
        }

        [Test]
        public void Should_Name_A_Corrupt_Feature_File()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace) = TrainStageTests.Features(directory);
            TrainStageTests.TrainAll(new TrainStage(dataset, TrainStageTests.Config()), workspace);
            var bad = FeaturePaths.Of(dataset.Test.Last());
            File.WriteAllText(workspace.Resolve(bad), "not features");
            var stage = new ScoreStage(dataset);

            // When / Then
            Assert.That(() => stage.Run(stage.Units()[0], workspace),
                Throws.TypeOf<WorkflowException>().With.Message.StartsWith(bad + " is not a feature matrix file"));
        }

        [Test]
        public void Should_Refuse_Scores_Of_Other_Test_Recordings()
        {
            // Given: scores computed, then one test recording gone from the data set
            using var directory = new TempDirectory();
            var (dataset, workspace) = TrainStageTests.Features(directory);
            TrainStageTests.TrainAll(new TrainStage(dataset, TrainStageTests.Config()), workspace);
            ScoreAll(dataset, workspace);
            var fewer = dataset.Without(new HashSet<string> { dataset.Test.Last().RelativePath }, directory.Path);
            var stage = new EvaluateStage(fewer);

            // When / Then
            Assert.That(() => stage.Run(stage.Units().Single(), workspace), Throws.TypeOf<WorkflowException>().With.Message
                .EqualTo($"{ScoreStage.ScoresPath(dataset.Classes[0])} scores other test recordings than this data set's; delete it and build again."));
        }

        private static void ScoreAll(Workflow.Data.Dataset dataset, Workflow.Pipeline.Workspace workspace)
        {
            var score = new ScoreStage(dataset);
            foreach (var unit in score.Units()) score.Run(unit, workspace);
        }
    }
}
