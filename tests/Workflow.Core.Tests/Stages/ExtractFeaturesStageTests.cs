using MelodyData;
using Workflow.Audio;
using Workflow.Data;
using Workflow.Features;
using Workflow.Pipeline;
using Workflow.Stages;
using Workflow.Tests.Fixtures;
using Workflow.Training;

namespace Workflow.Tests.Stages;

public sealed class ExtractFeaturesStageTests
{
    private static readonly WorkflowConfig Pitch = new()
    {
        Features = new MfccOptions { Kind = "pitch", Pitch = new PitchOptions { Bins = 24 } },
        Train = new TrainOptions { Family = "discrete-hmm" },
    };

    /// <summary>Two classes of two generated melodies each, in <c>data/</c>; the first melody of class a has a tonic sidecar.</summary>
    private static (Dataset Dataset, Workspace Workspace, double Tonic) Melodies(TempDirectory directory)
    {
        var paths = new List<string>();
        var tonic = 0.0;
        foreach (var (label, c) in new[] { ("a", 0), ("b", 3) })
        {
            for (var i = 0; i < 2; i++)
            {
                var melody = Melody.Generate(c, seed: i, seconds: 2);
                var path = $"{label}/{label}_{i}.wav";
                Directory.CreateDirectory(directory.Combine($"data/{label}"));
                WavWriter.Write(directory.Combine($"data/{path}"), new AudioClip(melody.Samples, Melody.SampleRate));
                paths.Add(path);
                if (label == "a" && i == 0) tonic = melody.Tonic;
            }
        }

        directory.Write("data/a/a_0.wav.tonic", tonic.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        return (Dataset.FromPaths(directory.Combine("data"), paths, new SplitOptions { TestPattern = "_1\\.wav$" }), new Workspace(directory.Path), tonic);
    }

    public sealed class TheUnitsMethod
    {
        [Test]
        public void Should_Key_Pitch_Units_On_The_Pitch_Settings_And_Take_A_Tonic_Sidecar_As_Input()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace, _) = Melodies(directory);

            // When
            var units = new ExtractFeaturesStage(dataset, Pitch, workspace).Units();

            // Then
            var first = units.Single(u => u.Name == "a/a_0.wav");
            Assert.That(first.Inputs, Is.EqualTo(new[] { "data/a/a_0.wav", "data/a/a_0.wav.tonic" }));
            Assert.That(first.Outputs, Is.EqualTo(new[] { "artifacts/features/a/a_0.wav.pitch" }));
            Assert.That(units.Single(u => u.Name == "a/a_1.wav").Inputs, Is.EqualTo(new[] { "data/a/a_1.wav" }));
            var features = (Newtonsoft.Json.Linq.JObject)first.Parameters["features"]!;
            Assert.That(features.Properties().Select(p => p.Name), Is.EqualTo(new[] { "kind", "format", "pitch" }));
            Assert.That((int)features["pitch"]!["bins"]!, Is.EqualTo(24));
        }
    }

    public sealed class TheTonicTable
    {
        private static readonly WorkflowConfig WithTable = Pitch with
        {
            Features = Pitch.Features with { Pitch = Pitch.Features.Pitch with { Tonics = "config/tonics.csv" } },
        };

        [Test]
        public void Should_Make_A_Rows_Tonic_A_Parameter_Of_That_Unit_Only_And_Let_A_Sidecar_Win()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace, _) = Melodies(directory);
            directory.Write("config/tonics.csv", "file,tonic\na/a_0.wav,300\n b/b_1.wav , 185.5\n");

            // When
            var stage = new ExtractFeaturesStage(dataset, WithTable, workspace);
            var units = stage.Units();
            var row = units.Single(u => u.Name == "b/b_1.wav");
            stage.Run(row, workspace);

            // Then
            Assert.That((double?)row.Parameters["tonic"], Is.EqualTo(185.5));
            Assert.That(units.Single(u => u.Name == "a/a_0.wav").Parameters["tonic"], Is.Null, "its .tonic sidecar wins");
            Assert.That(units.Single(u => u.Name == "a/a_1.wav").Parameters["tonic"], Is.Null);
            Assert.That(units.Single(u => u.Name == "a/a_1.wav").Parameters["features"]!["pitch"]!["tonics"], Is.Null, "the table's path is in no key");
            var notes = NoteSequenceFormat.Read(File.ReadAllBytes(workspace.Resolve("artifacts/features/b/b_1.wav.pitch")), "b_1");
            Assert.That((notes.Tonic, notes.TonicGiven), Is.EqualTo((185.5, true)));
        }

        [Test]
        public void Should_Refuse_A_Row_For_A_File_That_Is_Not_In_The_Data()
        {
            using var directory = new TempDirectory();
            var (dataset, workspace, _) = Melodies(directory);
            directory.Write("config/tonics.csv", "file,tonic\nb/b_9.wav,200\n");

            Assert.That(() => new ExtractFeaturesStage(dataset, WithTable, workspace).Units(), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "config/tonics.csv gives tonics of 1 file(s) that are not recordings of the data (b/b_9.wav); name each relative to the data folder, e.g. a/a_0.wav."));
        }

        [TestCase("file,tonic\na/a_0.wav,Sa\n", "config/tonics.csv line 2: the tonic of a/a_0.wav must be a number of Hz between 20 and 5000 (got 'Sa').")]
        [TestCase("file,tonic\na/a_0.wav,200\na/a_0.wav,210\n", "config/tonics.csv line 3: a/a_0.wav has a tonic already; give each recording one row.")]
        [TestCase("name,hz\na/a_0.wav,200\n", "config/tonics.csv must have a header with the columns file and tonic (got 'name,hz').")]
        public void Should_Name_The_Line_Of_A_Bad_Row(string csv, string message)
        {
            using var directory = new TempDirectory();
            var (dataset, workspace, _) = Melodies(directory);
            directory.Write("config/tonics.csv", csv);

            Assert.That(() => new ExtractFeaturesStage(dataset, WithTable, workspace).Units(), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(message));
        }

        [Test]
        public void Should_Say_How_To_Fix_A_Missing_Table()
        {
            using var directory = new TempDirectory();
            var (dataset, workspace, _) = Melodies(directory);

            Assert.That(() => new ExtractFeaturesStage(dataset, WithTable, workspace).Units(), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "features.pitch.tonics names config/tonics.csv, which does not exist; create it (columns file,tonic) or remove the setting."));
        }
    }

    public sealed class TheRunMethod
    {
        [Test]
        public void Should_Write_Note_Sequences_With_The_Given_Or_Estimated_Tonic()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace, tonic) = Melodies(directory);
            var stage = new ExtractFeaturesStage(dataset, Pitch, workspace);

            // When
            foreach (var unit in stage.Units())
            {
                Directory.CreateDirectory(Path.GetDirectoryName(workspace.Resolve(unit.Outputs[0]))!);
                stage.Run(unit, workspace);
            }

            // Then
            var given = NoteSequenceFormat.Read(File.ReadAllBytes(workspace.Resolve("artifacts/features/a/a_0.wav.pitch")), "a_0");
            Assert.That((given.Tonic, given.TonicGiven, given.Alphabet), Is.EqualTo((tonic, true, 24)));
            Assert.That(given.VoicedFraction, Is.GreaterThan(0.7));
            Assert.That(given.Symbols, Is.Not.Empty.And.All.InRange(0, 23));
            var estimated = NoteSequenceFormat.Read(File.ReadAllBytes(workspace.Resolve("artifacts/features/b/b_1.wav.pitch")), "b_1");
            Assert.That(estimated.TonicGiven, Is.False);
            Assert.That(estimated.Tonic, Is.InRange(150.0, 260.0));
        }

        [Test]
        public void Should_Name_A_Bad_Tonic_Sidecar()
        {
            // Given
            using var directory = new TempDirectory();
            var (dataset, workspace, _) = Melodies(directory);
            directory.Write("data/a/a_0.wav.tonic", "Sa");
            var stage = new ExtractFeaturesStage(dataset, Pitch, workspace);
            var unit = stage.Units().Single(u => u.Name == "a/a_0.wav");

            // When / Then
            Assert.That(() => stage.Run(unit, workspace), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                "data/a/a_0.wav.tonic must hold the recording's tonic in Hz, one number between 20 and 5000 (got 'Sa'); fix it or delete it to estimate the tonic."));
        }
    }
}
