using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class VectorMathTests
{
    private static double[] Values(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => SyntheticFeatures.Normal(random) * Math.Pow(10, random.Next(-3, 4))).ToArray();

    public sealed class TheSquaredDistanceMethods
    {
        [TestCase(1)]
        [TestCase(4)]
        [TestCase(13)]
        [TestCase(39)]
        public void Should_Give_The_Same_Bits_With_And_Without_Vector_Instructions(int dimensions)
        {
            // Given
            var random = new Random(dimensions);
            for (var trial = 0; trial < 200; trial++)
            {
                var (x, y, p) = (Values(random, dimensions), Values(random, dimensions), Values(random, dimensions).Select(Math.Abs).ToArray());

                // When
                var plain = (VectorMath.SquaredDistance(x, y, vectors: false), VectorMath.WeightedSquaredDistance(x, y, p, vectors: false));
                var vector = (VectorMath.SquaredDistance(x, y, vectors: true), VectorMath.WeightedSquaredDistance(x, y, p, vectors: true));

                // Then
                Assert.That(vector, Is.EqualTo(plain));
                Assert.That(plain.Item1, Is.EqualTo(x.Zip(y, (a, b) => (a - b) * (a - b)).Sum()).Within(1e-9).Percent);
            }
        }

        [TestCase(1)]
        [TestCase(4)]
        [TestCase(27)]
        [TestCase(39)]
        public void Should_Give_Four_Distances_At_Once_With_The_Bits_Of_Each_Alone(int dimensions)
        {
            // Given
            var random = new Random(100 + dimensions);
            for (var trial = 0; trial < 200; trial++)
            {
                var x = Values(random, dimensions);
                var points = Enumerable.Range(0, 4).Select(_ => Values(random, dimensions)).ToArray();
                var four = new double[4];

                // When
                VectorMath.SquaredDistances(x, points[0], points[1], points[2], points[3], four);

                // Then
                Assert.That(four, Is.EqualTo(points.Select(p => VectorMath.SquaredDistance(x, p, vectors: false))));
            }
        }
    }

    public sealed class TheWidenMethod
    {
        [Test]
        public void Should_Copy_Every_Value_Exactly_Whatever_The_Length()
        {
            // Given
            var random = new Random(7);
            for (var length = 0; length <= 40; length++)
            {
                var row = Values(random, length).Select(v => (float)v).ToArray();
                var x = new double[length];

                // When
                VectorMath.Widen(row, x);

                // Then
                Assert.That(x, Is.EqualTo(row.Select(v => (double)v).ToArray()));
            }
        }

        [Test]
        public void Should_Refuse_A_Row_Shorter_Than_The_Destination() =>
            Assert.Throws<ArgumentException>(() => VectorMath.Widen(new float[3], new double[8]));
    }
}
