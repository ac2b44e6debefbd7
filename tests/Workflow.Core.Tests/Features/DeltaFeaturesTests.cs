using Workflow.Features;

namespace Workflow.Tests.Features;

public sealed class DeltaFeaturesTests
{
    public sealed class TheAppendMethod
    {
        [Test]
        public void Should_Give_The_Slope_Of_A_Linear_Ramp()
        {
            // Given: two columns, c0[t] = 3t + 1 and c1[t] = -0.5t
            const int rows = 8;
            var values = new double[rows * 2];
            for (var t = 0; t < rows; t++)
            {
                values[2 * t] = 3 * t + 1;
                values[2 * t + 1] = -0.5 * t;
            }

            // When
            var result = DeltaFeatures.Append(values, rows, 2);

            // Then: away from the edges the delta is the slope and the delta-delta is 0
            for (var t = 2; t < rows - 2; t++)
            {
                Assert.That(result.AsSpan(6 * t + 2, 2).ToArray(), Is.EqualTo(new[] { 3.0, -0.5 }).Within(1e-12), $"delta at {t}");
            }

            for (var t = 4; t < rows - 4; t++)
            {
                Assert.That(result.AsSpan(6 * t + 4, 2).ToArray(), Is.EqualTo(new[] { 0.0, 0.0 }).Within(1e-12), $"delta-delta at {t}");
            }
        }

        [Test]
        public void Should_Repeat_The_Edge_Frames()
        {
            // Given: c[t] = 3t over 5 frames
            double[] values = [0, 3, 6, 9, 12];

            // When
            var deltas = DeltaFeatures.Regression(values, 5, 1);

            // Then: t=0 sees c[-1] = c[-2] = c[0]: (1 * (3 - 0) + 2 * (6 - 0)) / 10 = 1.5; t=1: (1 * 6 + 2 * 9) / 10 = 2.4
            Assert.That(deltas, Is.EqualTo(new[] { 1.5, 2.4, 3.0, 2.4, 1.5 }).Within(1e-12));
        }

        [Test]
        public void Should_Keep_The_Static_Columns_First()
        {
            // Given
            double[] values = [1, 2, 3, 4];

            // When
            var result = DeltaFeatures.Append(values, 2, 2);

            // Then
            Assert.That(result, Has.Length.EqualTo(12));
            Assert.That(result[..2], Is.EqualTo(new[] { 1.0, 2.0 }));
            Assert.That(result[6..8], Is.EqualTo(new[] { 3.0, 4.0 }));
        }
    }
}
