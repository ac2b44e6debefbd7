using Workflow.Data;
using Workflow.Progress;

namespace Workflow.Tests.Progress;

public sealed class ProgressDisplayTests
{
    private sealed class FakeClock
    {
        public TimeSpan Now { get; set; }
    }

    public sealed class TheStartMethod
    {
        [Test]
        public void Should_Write_A_Plain_Line_At_Most_Every_Ten_Seconds_When_Redirected()
        {
            // Given
            var clock = new FakeClock();
            var output = new StringWriter { NewLine = "\n" };
            var display = new ProgressDisplay(output, live: false, () => clock.Now);
            using var task = display.Start("ExtractFeatures", 1000);

            // When: 250 items per 5 s, ticking every second
            for (var second = 1; second <= 20; second++)
            {
                clock.Now = TimeSpan.FromSeconds(second);
                if (second % 5 == 0) for (var i = 0; i < 250; i++) task.Advance();
                task.Tick();
            }

            // Then
            Assert.That(output.ToString(), Is.EqualTo(
                "ExtractFeatures: 500/1,000 (50%), 50/s, ETA 10 s\n" +
                "ExtractFeatures: 1,000/1,000 (100%), 50/s, ETA 0 s\n"));
        }

        [Test]
        public void Should_Redraw_One_Live_Line_And_Clear_It_When_Done()
        {
            // Given
            var clock = new FakeClock();
            var output = new StringWriter();
            var display = new ProgressDisplay(output, live: true, () => clock.Now);
            var task = display.Start("Train", 10);

            // When
            task.Tick(); // too early: quick work shows nothing
            clock.Now = TimeSpan.FromSeconds(2);
            task.Advance(ran: false);
            task.Advance();
            task.Tick();
            task.Dispose();

            // Then
            Assert.That(output.ToString(), Is.EqualTo("\r\u001b[2KTrain: 2/10 (20%), 0.5/s, ETA 16 s\r\u001b[2K"));
        }

        [Test]
        public void Should_Show_Data_Transfers_As_Tasks_Per_Phase()
        {
            // Given
            var clock = new FakeClock();
            var output = new StringWriter { NewLine = "\n" };
            var display = new ProgressDisplay(output, live: false, () => clock.Now);

            // When
            display.Report(new TransferProgress("download", 1, 4, 1_000_000));
            clock.Now = TimeSpan.FromSeconds(11);
            display.Report(new TransferProgress("download", 2, 4, 2_000_000));
            display.Report(new TransferProgress("download", 4, 4, 4_000_000));

            // Then: one line, when 10 s had passed; the finished phase shows nothing more
            Assert.That(output.ToString(), Is.EqualTo("download: 2/4 (50%), 2.0 MB, 0.2/s, ETA 11 s\n"));
        }
    }
}
