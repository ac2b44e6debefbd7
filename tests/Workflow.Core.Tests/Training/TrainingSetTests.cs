using Workflow.Features;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class TrainingSetTests
{
    public sealed class TheFromMethod
    {
        [Test]
        public void Should_Hold_Every_Frame_In_Order_With_Where_Each_Utterance_Starts()
        {
            // Given
            FeatureMatrix[] utterances = [new(2, 2, [1.0, 2.0, 3.0, 4.0]), new(1, 2, [5.0, 6.0]), new(3, 2, [7.0, 8.0, 9.0, 10.0, 11.0, 12.5])];

            // When
            var set = TrainingSet.From("x", utterances);

            // Then
            Assert.That((set.Count, set.Frames, set.Columns, set.LongestUtterance), Is.EqualTo((3, 6, 2, 3)));
            Assert.That(Enumerable.Range(0, 3).Select(u => (set.Start(u), set.Length(u))), Is.EqualTo(new[] { (0, 2), (2, 1), (3, 3) }));
            Assert.That(set.Values.ToArray(), Is.EqualTo(Enumerable.Range(1, 11).Select(v => (float)v).Append(12.5f)));
            Assert.That(set.Row(5).ToArray(), Is.EqualTo(new[] { 11f, 12.5f }));
        }

        [Test]
        public void Should_Throw_When_The_Utterances_Disagree_On_Their_Columns()
        {
            // Given / When / Then
            Assert.That(() => TrainingSet.From("7", [new FeatureMatrix(1, 2, [1.0, 2.0]), new FeatureMatrix(1, 3, [1.0, 2.0, 3.0])]),
                Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                    "Class 7: feature files have 2 and 3 columns; rebuild features with one setting."));
        }

        [Test]
        public void Should_Throw_When_There_Are_No_Utterances()
        {
            // Given / When / Then
            Assert.That(() => TrainingSet.From("7", []), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "Class 7 has no training files; add some or remove the class folder."));
        }
    }

    public sealed class TheBuilder
    {
        [Test]
        public void Should_Grow_Past_Its_Capacity()
        {
            // Given
            var builder = new TrainingSet.Builder("x", 1);

            // When
            builder.Add(new FeatureMatrix(2, 1, [1.0, 2.0]));
            builder.Add(new FeatureMatrix(1, 1, [3.0]));
            var set = builder.Build();

            // Then
            Assert.That(set.Values.ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f }));
        }
    }

    public sealed class TheCompactMethodOfAFrameSelection
    {
        [Test]
        public void Should_Give_The_Selected_Rows_In_Order_Reusing_A_Large_Enough_Block()
        {
            // Given: six frames of two columns, three of them selected
            var set = TrainingSet.From("x", [new FeatureMatrix(6, 2, Enumerable.Range(0, 12).Select(v => (double)v).ToArray())]);
            var selection = new FrameSelection(set, [4, 1, 5]);
            float[]? scratch = null;

            // When
            var compact = selection.Compact(ref scratch);
            var rows = Enumerable.Range(0, compact.Count).Select(i => compact.Row(i).ToArray()).ToList();
            var block = scratch;
            var again = new FrameSelection(set, [2]).Compact(ref scratch);

            // Then: the same rows, in the selection's order; the second, smaller selection reuses the block
            Assert.That((compact.Count, compact.Columns), Is.EqualTo((3, 2)));
            Assert.That(rows, Is.EqualTo(new[] { new[] { 8f, 9f }, [2f, 3f], [10f, 11f] }));
            Assert.That(scratch, Is.SameAs(block));
            Assert.That((again.Count, again.Row(0).ToArray()), Is.EqualTo((1, new[] { 4f, 5f })));
        }

        [Test]
        public void Should_Leave_An_Empty_Selection_Empty_Without_A_Block()
        {
            // Given
            var set = TrainingSet.From("x", [new FeatureMatrix(2, 1, [1.0, 2.0])]);
            float[]? scratch = null;

            // When
            var compact = new FrameSelection(set, []).Compact(ref scratch);

            // Then
            Assert.That((compact.Count, scratch), Is.EqualTo((0, (float[]?)null)));
        }

        [Test]
        public void Should_Leave_A_Selection_Of_Every_Frame_As_It_Is()
        {
            // Given
            var set = TrainingSet.From("x", [new FeatureMatrix(2, 1, [1.0, 2.0])]);
            float[]? scratch = null;

            // When
            var compact = new FrameSelection(set).Compact(ref scratch);

            // Then: nothing copied
            Assert.That(scratch, Is.Null);
            Assert.That(compact.Row(1).ToArray(), Is.EqualTo(new[] { 2f }));
        }
    }
}
