using Workflow.Pipeline;

namespace Workflow.Tests.Pipeline;

public sealed class DecisionLogTests
{
    public sealed class TheLinesMethod
    {
        [Test]
        public void Should_Print_One_Line_Per_Unit_For_A_Small_Stage()
        {
            // Given
            var decisions = new[]
            {
                new UnitDecision("Train", "7", "ran", "input artifacts/features/7/x.wav.mfcc changed", new string('a', 64), 0.1),
                new UnitDecision("Train", "8", "up-to-date", "unchanged", "3f9c1a2b3c4d" + new string('0', 52), 0.0),
            };

            // When
            var lines = DecisionLog.Lines("Train", decisions, plan: false);

            // Then
            Assert.That(lines, Is.EqualTo(new[]
            {
                "Train[7]: ran — input artifacts/features/7/x.wav.mfcc changed",
                "Train[8]: up-to-date (unchanged; key 3f9c1a2b3c4d)",
            }));
        }

        [Test]
        public void Should_Summarise_A_Large_Stage_In_One_Line_Naming_What_Ran()
        {
            // Given
            var decisions = Enumerable.Range(0, 1499)
                .Select(i => new UnitDecision("ExtractFeatures", $"f{i}", "up-to-date", "unchanged", "k", 0))
                .Append(new UnitDecision("ExtractFeatures", "7/7_theo_3.wav", "ran", "input data/7/7_theo_3.wav changed", "k", 0))
                .ToList();

            // When
            var lines = DecisionLog.Lines("ExtractFeatures", decisions, plan: false);

            // Then
            Assert.That(lines, Is.EqualTo(new[] { "ExtractFeatures: 1499 up-to-date, 1 ran (data/7/7_theo_3.wav changed)" }));
        }

        [Test]
        public void Should_Say_Would_Run_In_A_Plan()
        {
            var decision = new UnitDecision("Train", "7", "ran", "no previous run", "k", 0);

            Assert.That(DecisionLog.Line(decision, plan: true), Is.EqualTo("Train[7]: would run — no previous run"));
        }
    }
}
