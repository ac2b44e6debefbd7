using Workflow.Features;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Features;

public sealed class CepstralNormalizationTests
{
    public sealed class TheApplyMethod
    {
        [Test]
        public void Should_Give_Each_Column_Mean_Zero_And_Deviation_One()
        {
            // Given: 50 frames x 3 columns with different offsets and scales
            var values = GeneratedAudio.Noise(150, 1.0, seed: 9);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = values[i] * (1 + i % 3) * 10 + (i % 3) * 100;
            }

            // When
            CepstralNormalization.Apply(values, 50, 3);

            // Then
            for (var c = 0; c < 3; c++)
            {
                var column = Enumerable.Range(0, 50).Select(t => values[3 * t + c]).ToArray();
                var mean = column.Average();
                Assert.That(mean, Is.EqualTo(0.0).Within(1e-12));
                Assert.That(Math.Sqrt(column.Select(v => v * v).Average()), Is.EqualTo(1.0).Within(1e-12));
            }
        }

        [Test]
        public void Should_Only_Centre_A_Constant_Column()
        {
            // Given
            double[] values = [5, 1, 5, 2, 5, 3];

            // When
            CepstralNormalization.Apply(values, 3, 2);

            // Then
            Assert.That(new[] { values[0], values[2], values[4] }, Is.All.EqualTo(0.0));
            Assert.That(values.All(double.IsFinite), Is.True);
        }
    }
}
