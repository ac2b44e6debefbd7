using Workflow.Evaluation;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Evaluation;

public sealed class ClassScoresTests
{
    private static readonly string[] Files = ["data/test/a/1.wav", "data/test/b/2.wav", "data/test/b/3.wav"];

    public sealed class TheReadMethod
    {
        [Test]
        public void Should_Read_Back_Every_Score_Bit_For_Bit_Including_Minus_Infinity()
        {
            // Given: scores of every kind a model gives, -Infinity for a recording without frames
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "a.json");
            double[] scores = [-1234.5678901234567, double.NegativeInfinity, 0.1 + 0.2];
            new ClassScores("a", Files, scores).Write(path);

            // When
            var read = ClassScores.Read(path, "scores/a.json", Files);

            // Then
            Assert.That(read.Class, Is.EqualTo("a"));
            Assert.That(read.Files, Is.EqualTo(Files));
            Assert.That(read.Scores.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(scores.Select(BitConverter.DoubleToInt64Bits)));
        }

        [Test]
        public void Should_Refuse_A_File_Scoring_Other_Recordings()
        {
            // Given
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "a.json");
            new ClassScores("a", Files, [1, 2, 3]).Write(path);

            // When
            var error = Assert.Throws<WorkflowException>(() => ClassScores.Read(path, "scores/a.json", ["data/test/a/1.wav", "data/test/b/2.wav", "data/test/b/4.wav"]));

            // Then
            Assert.That(error!.Message, Is.EqualTo("scores/a.json scores other test recordings than this data set's; delete it and build again."));
        }

        [Test]
        public void Should_Refuse_A_Truncated_File()
        {
            // Given
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "a.json");
            new ClassScores("a", Files, [1, 2, 3]).Write(path);
            var text = File.ReadAllText(path);
            File.WriteAllText(path, text[..text.IndexOf("2.0", StringComparison.Ordinal)]);

            // When
            var error = Assert.Throws<WorkflowException>(() => ClassScores.Read(path, "scores/a.json", Files));

            // Then
            Assert.That(error!.Message, Does.StartWith("scores/a.json is not a scores file ("));
            Assert.That(error.Message, Does.EndWith("; delete it and build again."));
        }

        [Test]
        public void Should_Refuse_A_File_Whose_Scores_Are_Not_Numbers()
        {
            // Given
            using var temp = new TempDirectory();
            var path = Path.Combine(temp.Path, "a.json");
            File.WriteAllText(path, """{"class": "a", "files": ["data/test/a/1.wav"], "scores": ["high"]}""");

            // When
            var error = Assert.Throws<WorkflowException>(() => ClassScores.Read(path, "scores/a.json", ["data/test/a/1.wav"]));

            // Then
            Assert.That(error!.Message, Does.StartWith("scores/a.json is not a scores file (Could not convert string to double: high."));
        }
    }
}
