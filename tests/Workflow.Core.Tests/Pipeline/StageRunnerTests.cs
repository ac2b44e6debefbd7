using Workflow.Pipeline;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Pipeline;

public sealed class StageRunnerTests
{
    private static readonly string[] Inputs = ["data/a.txt", "data/b.txt"];

    private static (TempDirectory Temp, Workspace Workspace) NewWorkspace()
    {
        var temp = new TempDirectory();
        temp.Write("data/a.txt", "alpha");
        temp.Write("data/b.txt", "beta");
        return (temp, new Workspace(temp.Path));
    }

    private static TextStage Upper(string suffix = "") => new("Upper", Inputs, s => s.ToUpperInvariant(), suffix);

    public sealed class TheRunMethod
    {
        [Test]
        public void Should_Try_Every_Unit_And_List_Every_Failure()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var stage = new TextStage("Upper", ["data/a.txt", "data/x.txt", "data/y.txt"], s => s);

            // When
            var error = Assert.Throws<WorkflowException>(() => new StageRunner(workspace).Run(stage));

            // Then
            Assert.That(stage.Runs, Is.EqualTo(1));
            Assert.That(error!.Message, Does.StartWith("Upper: 2 of 3 unit(s) failed, so nothing after it ran:\n  - Upper[x.txt]: input data/x.txt does not exist"));
            Assert.That(error.Message, Does.Contain("\n  - Upper[y.txt]: input data/y.txt does not exist"));
        }

        [Test]
        public void Should_Report_Failed_Units_As_Skipped_When_The_Stage_Allows_It()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var stage = new TextStage("Upper", ["data/a.txt", "data/x.txt"], s => s) { SkipsFailedUnits = true };

            // When
            var decisions = new StageRunner(workspace).Run(stage);

            // Then
            Assert.That(decisions.Select(d => d.Status), Is.EqualTo(new[] { "ran", "skipped" }));
            Assert.That(decisions[1].Reason, Does.StartWith("Upper[x.txt]: input data/x.txt does not exist"));
        }

        [Test]
        public void Should_Run_Every_Unit_The_First_Time_And_Say_So()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace).Run(stage);

            // Then
            Assert.That(decisions.Select(d => (d.Unit, d.Status, d.Reason)), Is.EqualTo(new[]
            {
                ("a.txt", "ran", "no previous run"),
                ("b.txt", "ran", "no previous run"),
            }));
            Assert.That(File.ReadAllText(temp.Combine("artifacts/Upper/a.txt")), Is.EqualTo("ALPHA"));
        }

        [Test]
        public void Should_Run_Nothing_The_Second_Time()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace).Run(stage);

            // Then
            Assert.That(stage.Runs, Is.Zero);
            Assert.That(decisions.Select(d => (d.Status, d.Reason)), Is.All.EqualTo(("up-to-date", "unchanged")));
        }

        [Test]
        public void Should_Rerun_Only_The_Unit_Whose_Input_Changed()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            temp.Write("data/b.txt", "bravo");
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace).Run(stage);

            // Then
            Assert.That(stage.Runs, Is.EqualTo(1));
            Assert.That(decisions[1].Reason, Is.EqualTo("input data/b.txt changed"));
            Assert.That(decisions[0].Status, Is.EqualTo("up-to-date"));
            Assert.That(File.ReadAllText(temp.Combine("artifacts/Upper/b.txt")), Is.EqualTo("BRAVO"));
        }

        [Test]
        public void Should_Rerun_Every_Unit_When_A_Parameter_Changes_And_Name_It()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper(suffix: "!"));

            // When
            var decisions = new StageRunner(workspace).Run(Upper(suffix: "?"));

            // Then
            Assert.That(decisions.Select(d => d.Reason), Is.All.EqualTo("parameter text.suffix changed (\"!\" → \"?\")"));
        }

        [Test]
        public void Should_Rerun_When_The_Stage_Version_Changes()
        {
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());

            var decisions = new StageRunner(workspace).Run(new TextStage("Upper", Inputs, s => s.ToUpperInvariant()) { Version = 2 });

            Assert.That(decisions[0].Reason, Is.EqualTo("stage version changed (1 → 2)"));
        }

        [Test]
        public void Should_Restore_A_Deleted_Or_Edited_Output_From_The_Store_Without_Running()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            File.Delete(temp.Combine("artifacts/Upper/a.txt"));
            temp.Write("artifacts/Upper/b.txt", "edited by hand");
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace).Run(stage);

            // Then
            Assert.That(stage.Runs, Is.Zero);
            Assert.That(decisions.Select(d => (d.Status, d.Reason)), Is.EqualTo(new[]
            {
                ("up-to-date", "restored artifacts/Upper/a.txt (deleted) from cache"),
                ("up-to-date", "restored artifacts/Upper/b.txt (edited) from cache"),
            }));
            Assert.That(File.ReadAllText(temp.Combine("artifacts/Upper/b.txt")), Is.EqualTo("BETA"));
        }

        [Test]
        public void Should_Rerun_A_Unit_Whose_Stored_Output_Is_Corrupt()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            new StageRunner(workspace).Run(Upper());
            var blob = new Workflow.Cache.ObjectStore(temp.Combine(".workflow/cache/objects")).PathOf(Workflow.Cache.ContentHash.OfText("ALPHA"));
            File.WriteAllText(blob, "rotten");
            var stage = Upper();

            // When
            var decisions = new StageRunner(workspace).Run(stage);

            // Then
            Assert.That(stage.Runs, Is.EqualTo(1));
            Assert.That(decisions[0].Reason, Is.EqualTo("cached copy of artifacts/Upper/a.txt is missing or corrupt"));
        }

        [Test]
        public void Should_Stop_At_A_Stage_Whose_Rerun_Gives_Identical_Bytes()
        {
            // Given: Length's output depends only on the length of its input
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var lengths = () => new TextStage("Length", Inputs, s => s.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var doubled = () => new TextStage("Doubled", Inputs.Select(i => TextStage.OutputOf("Length", i)).ToList(), s => s + s);
            var first = new StageRunner(workspace);
            first.Run(lengths());
            first.Run(doubled());
            temp.Write("data/b.txt", "BETA");
            var runner = new StageRunner(workspace);
            var downstream = doubled();

            // When
            var upstreamDecisions = runner.Run(lengths());
            var downstreamDecisions = runner.Run(downstream);

            // Then
            Assert.That(upstreamDecisions[1].Status, Is.EqualTo("ran"));
            Assert.That(downstream.Runs, Is.Zero);
            Assert.That(downstreamDecisions.Select(d => d.Status), Is.All.EqualTo("up-to-date"));
        }

        [Test]
        public void Should_Plan_Without_Running_Or_Writing_And_Carry_Pending_Outputs_Downstream()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var runner = new StageRunner(workspace, plan: true);
            var upper = Upper();

            // When
            var upstream = runner.Run(upper);
            var downstream = runner.Run(new TextStage("Doubled", Inputs.Select(i => TextStage.OutputOf("Upper", i)).ToList(), s => s + s));

            // Then
            Assert.That(upper.Runs, Is.Zero);
            Assert.That(upstream.Select(d => d.Reason), Is.All.EqualTo("no previous run"));
            Assert.That(downstream[0].Reason, Is.EqualTo("input artifacts/Upper/a.txt will be rebuilt"));
            Assert.That(temp.Files(), Is.EqualTo(new[] { "data/a.txt", "data/b.txt" }));
        }

        [Test]
        public void Should_Say_Which_Output_A_Unit_Did_Not_Write()
        {
            // Given: a faulty stage whose units write nothing (and whose output folder was never made)
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var stage = new TextStage("Upper", ["data/a.txt"], s => s) { WritesOutputs = false };

            // When
            var error = Assert.Catch(() => new StageRunner(workspace).Run(stage));

            // Then
            var inner = error is AggregateException aggregate ? aggregate.InnerExceptions.Single() : error;
            Assert.That(inner, Is.TypeOf<InvalidOperationException>());
            Assert.That(inner!.Message, Is.EqualTo("Upper[a.txt] did not write its output artifacts/Upper/a.txt."));
        }

        [Test]
        public void Should_Throw_When_An_Input_Does_Not_Exist()
        {
            // Given
            var (temp, workspace) = NewWorkspace();
            using var _ = temp;
            var stage = new TextStage("Upper", ["data/missing.txt"], s => s);

            // When
            var error = Assert.Throws<WorkflowException>(() => new StageRunner(workspace).Run(stage));

            // Then
            Assert.That(error!.Message, Is.EqualTo(
                "Upper: 1 of 1 unit(s) failed, so nothing after it ran:\n" +
                $"  - Upper[missing.txt]: input data/missing.txt does not exist ({temp.Combine("data/missing.txt")}); " +
                "run the stages before Upper (without --exclusive) to build it."));
        }
    }
}
