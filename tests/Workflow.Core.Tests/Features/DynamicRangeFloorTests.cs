using Workflow.Features;

namespace Workflow.Tests.Features;

public sealed class DynamicRangeFloorTests
{
    public sealed class TheOfMethod
    {
        [Test]
        public void Should_Be_The_Loudest_Energy_Times_Ten_To_Minus_Range_Over_Ten()
        {
            // Given: the loudest of these is 8; 30 dB below it is 8 / 1000
            double[] energies = [2.0, 8.0, 0.5, 0.0];

            // When
            var floor = DynamicRangeFloor.Of(energies, 30.0, 1e-10);

            // Then
            Assert.That(floor, Is.EqualTo(8e-3).Within(1e-15));
        }

        [Test]
        public void Should_Never_Go_Below_The_Absolute_Log_Floor()
        {
            // Given: silence, and a quiet utterance whose relative floor lies under the absolute one
            double[] silence = [0.0, 0.0];
            double[] quiet = [1e-6, 4e-6];

            // When / Then
            Assert.That(DynamicRangeFloor.Of(silence, 30.0, 1e-10), Is.EqualTo(1e-10));
            Assert.That(DynamicRangeFloor.Of(quiet, 60.0, 1e-10), Is.EqualTo(1e-10));
        }
    }

    public sealed class TheRatioMethod
    {
        [TestCase(10.0, 0.1)]
        [TestCase(30.0, 1e-3)]
        [TestCase(3.0, 0.50118723362727224)]
        public void Should_Convert_Decibels_To_A_Power_Ratio(double decibels, double expected)
        {
            // Given / When / Then
            Assert.That(DynamicRangeFloor.Ratio(decibels), Is.EqualTo(expected).Within(1e-15));
        }
    }
}
