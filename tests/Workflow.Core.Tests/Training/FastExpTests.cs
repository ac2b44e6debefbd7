using System.Runtime.Intrinsics;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class FastExpTests
{
    private static double[] Uniform(int seed, int count, double low, double high)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => low + (high - low) * random.NextDouble()).ToArray();
    }

    public sealed class TheExpMethod
    {
        [TestCase(-708.0, 0.0)]
        [TestCase(-40.0, 0.0)]
        [TestCase(-1.0, 1.0)]
        [TestCase(0.0, 709.0)]
        public void Should_Be_Within_A_Few_Units_In_The_Last_Place_Of_Math_Exp(double low, double high)
        {
            // Given
            var xs = Uniform(7, 200_000, low, high);

            // When
            var worst = xs.Max(x => Math.Abs(FastExp.Exp(x) - Math.Exp(x)) / Math.Exp(x));

            // Then: 2e−15 is nine units in the last place (2^−52 ≈ 2.2e−16)
            Assert.That(worst, Is.LessThan(2e-15));
        }

        [Test]
        public void Should_Give_Exactly_One_At_Zero_And_Powers_Of_E_Close_To_Math_Exp()
        {
            // Given / When / Then
            Assert.That(FastExp.Exp(0.0), Is.EqualTo(1.0));
            Assert.That(FastExp.Exp(-0.0), Is.EqualTo(1.0));
            foreach (var x in new[] { 1.0, -1.0, 0.5 * Math.Log(2), -0.5 * Math.Log(2), Math.Log(2), -745.0 / 2 })
                Assert.That(FastExp.Exp(x), Is.EqualTo(Math.Exp(x)).Within(2e-15).Percent.Or.EqualTo(Math.Exp(x)).Within(Math.Exp(x) * 2e-15), $"x = {x}");
        }

        [TestCase(double.NegativeInfinity, 0.0)]
        [TestCase(-708.5, 0.0)]
        [TestCase(-1e300, 0.0)]
        [TestCase(709.5, double.PositiveInfinity)]
        [TestCase(double.PositiveInfinity, double.PositiveInfinity)]
        public void Should_Give_Zero_Below_Minus_708_And_Infinity_Above_709(double x, double expected)
        {
            // Given / When / Then
            Assert.That(FastExp.Exp(x), Is.EqualTo(expected));
            Assert.That(FastExp.Exp(Vector256.Create(x)), Is.EqualTo(Vector256.Create(expected)));
        }

        [Test]
        public void Should_Give_NaN_For_NaN()
        {
            // Given / When / Then
            Assert.That(double.IsNaN(FastExp.Exp(double.NaN)), Is.True);
            Assert.That(double.IsNaN(FastExp.Exp(Vector256.Create(double.NaN)).GetElement(0)), Is.True);
        }
    }

    public sealed class TheExpShiftedMethod
    {
        [TestCase(0)]
        [TestCase(3)]
        [TestCase(4)]
        [TestCase(7)]
        [TestCase(1001)]
        public void Should_Give_The_Same_Bits_With_And_Without_Vectors(int length)
        {
            // Given: shares' exponents (≤ 0) and some far out, past the cut-offs, and special values
            var values = Uniform(length, length, -800, 720);
            if (length > 5)
            {
                values[1] = double.NegativeInfinity;
                values[2] = double.NaN;
                values[5] = 3.0;
            }
            var vector = (double[])values.Clone();
            var scalar = (double[])values.Clone();

            // When
            FastExp.ExpShifted(vector, 3.0, vectors: true);
            FastExp.ExpShifted(scalar, 3.0, vectors: false);

            // Then
            Assert.That(vector.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(scalar.Select(BitConverter.DoubleToInt64Bits)));
            Assert.That(scalar, Is.EqualTo(values.Select(v => FastExp.Exp(v - 3.0)).ToArray()));
            if (length > 5) Assert.That(scalar[5], Is.EqualTo(1.0));
        }
    }
}
