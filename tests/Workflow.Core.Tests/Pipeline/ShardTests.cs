using Workflow.Data;
using Workflow.Pipeline;

namespace Workflow.Tests.Pipeline;

public sealed class ShardTests
{
    public sealed class TheParseMethod
    {
        [TestCase("0/4", 0, 4)]
        [TestCase("3/4", 3, 4)]
        [TestCase("0/1", 0, 1)]
        public void Should_Read_I_Of_N(string text, int index, int count) =>
            Assert.That(Shard.Parse(text), Is.EqualTo(new Shard(index, count)));

        [TestCase("4/4")]
        [TestCase("-1/4")]
        [TestCase("1/0")]
        [TestCase("1")]
        [TestCase("a/b")]
        [TestCase("1/2/3")]
        public void Should_Refuse_A_Malformed_Value(string text) =>
            Assert.That(() => Shard.Parse(text), Throws.TypeOf<WorkflowException>().With.Message
                .EqualTo($"--shard={text} is not valid; use --shard=I/N with 0 <= I < N, e.g. --shard=0/4."));
    }

    public sealed class TheClassesOfMethod
    {
        [Test]
        public void Should_Give_Every_Class_To_Exactly_One_Shard_Balanced_By_Files()
        {
            // Given: classes of 9, 5, 4, 3 and 2 files (a test file each: they count too)
            var sizes = new Dictionary<string, int> { ["a"] = 9, ["b"] = 5, ["c"] = 4, ["d"] = 3, ["e"] = 2 };
            var paths = sizes.SelectMany(s => Enumerable.Range(0, s.Value).Select(i => $"{(i == 0 ? "test" : "train")}/{s.Key}/{i}.wav"));
            var dataset = Dataset.FromPaths("/data", paths, new SplitOptions());

            // When
            var groups = Enumerable.Range(0, 2).Select(i => new Shard(i, 2).ClassesOf(dataset).Order().ToList()).ToList();

            // Then: largest first, each to the lighter group (ties to the lower): a(9) → 0; b(5) → 1; c(4) → 1; d(3) → 0; e(2) → 1
            Assert.That(groups[0], Is.EqualTo(new[] { "a", "d" }));
            Assert.That(groups[1], Is.EqualTo(new[] { "b", "c", "e" }));
        }
    }
}
