using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

public sealed class DatasetTests
{
    private static readonly SplitOptions Convention = new();

    public sealed class TheLoadMethod
    {
        [Test]
        public void Should_Find_Class_Folders_And_Split_By_The_Test_Pattern_In_Sorted_Order()
        {
            // Given
            using var temp = new TempDirectory();
            foreach (var name in new[] { "b/b_x_5.wav", "a/a_x_1.wav", "a/a_x_7.wav", "b/b_x_0.wav", "a/notes.txt" })
                temp.Write(name, "");

            // When
            var dataset = Dataset.Load(temp.Path, Convention);

            // Then
            Assert.That(dataset.Classes, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(dataset.Files.Select(f => (f.Name, f.Class, f.IsTest)), Is.EqualTo(new[]
            {
                ("data/a/a_x_1.wav", "a", true),
                ("data/a/a_x_7.wav", "a", false),
                ("data/b/b_x_0.wav", "b", true),
                ("data/b/b_x_5.wav", "b", false),
            }));
        }

        [Test]
        public void Should_Use_The_Explicit_Train_And_Test_Folders_When_Both_Exist()
        {
            // Given
            using var temp = new TempDirectory();
            foreach (var name in new[] { "train/yes/1.wav", "train/no/2.wav", "test/yes/3.wav", "test/no/4.wav" })
                temp.Write(name, "");

            // When
            var dataset = Dataset.Load(temp.Path, Convention);

            // Then
            Assert.That(dataset.Classes, Is.EqualTo(new[] { "no", "yes" }));
            Assert.That(dataset.Test.Select(f => f.RelativePath), Is.EqualTo(new[] { "test/no/4.wav", "test/yes/3.wav" }));
            Assert.That(dataset.Training("yes").Select(f => f.RelativePath), Is.EqualTo(new[] { "train/yes/1.wav" }));
        }

        [Test]
        public void Should_Name_Files_Relative_To_The_Root_And_Ignore_Hidden_Folders_And_Files_Outside_Class_Folders()
        {
            // Given: a root given with a trailing separator, a nested folder, a hidden folder and a loose file
            using var temp = new TempDirectory();
            foreach (var name in new[] { "a/a_x_1.wav", "a/sub/a_x_9.wav", "b/b_x_5.wav", ".cache/c_x_5.wav", "loose_x_5.wav" })
                temp.Write(name, "");

            // When
            var dataset = Dataset.Load(temp.Path + Path.DirectorySeparatorChar, Convention);

            // Then
            Assert.That(dataset.Classes, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(dataset.Files.Select(f => (f.RelativePath, f.Name, f.Class)), Is.EqualTo(new[]
            {
                ("a/a_x_1.wav", "data/a/a_x_1.wav", "a"),
                ("a/sub/a_x_9.wav", "data/a/sub/a_x_9.wav", "a"),
                ("b/b_x_5.wav", "data/b/b_x_5.wav", "b"),
            }));
            Assert.That(dataset.Training("a").Select(f => f.RelativePath), Is.EqualTo(new[] { "a/sub/a_x_9.wav" }));
            Assert.That(dataset.Training("c"), Is.Empty);
        }

        [Test]
        public void Should_Ignore_Hidden_Class_Folders_And_Other_Top_Folders_In_The_Explicit_Layout()
        {
            // Given
            using var temp = new TempDirectory();
            foreach (var name in new[] { "train/yes/1.wav", "train/.tmp/2.wav", "test/yes/3.wav", "extra/yes/4.wav", "train/5.wav" })
                temp.Write(name, "");

            // When
            var dataset = Dataset.Load(temp.Path, Convention, fineTuning: true);

            // Then
            Assert.That(dataset.Files.Select(f => (f.RelativePath, f.Class, f.IsTest)), Is.EqualTo(new[]
            {
                ("test/yes/3.wav", "yes", true),
                ("train/yes/1.wav", "yes", false),
            }));
        }

        [Test]
        public void Should_Throw_When_A_Class_Has_No_Training_Files()
        {
            // Given
            using var temp = new TempDirectory();
            foreach (var name in new[] { "a/a_1.wav", "a/a_9.wav", "b/b_2.wav" })
                temp.Write(name, "");

            // When
            var error = Assert.Throws<WorkflowException>(() => Dataset.Load(temp.Path, Convention));

            // Then
            Assert.That(error!.Message, Is.EqualTo(
                $"{temp.Path}: class(es) b have no training files; add recordings or change the split in the config."));
        }

        [Test]
        public void Should_Accept_One_Class_And_A_Class_With_Test_Files_Only_When_Fine_Tuning()
        {
            // Given: the base supplies the other classes, and keeps its model of b
            using var temp = new TempDirectory();
            foreach (var name in new[] { "a/a_x_1.wav", "a/a_x_7.wav", "b/b_x_0.wav" })
                temp.Write(name, "");

            // When
            var dataset = Dataset.Load(temp.Path, Convention, fineTuning: true);

            // Then
            Assert.That(dataset.Classes, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(dataset.Training("b"), Is.Empty);
        }

        [Test]
        public void Should_Accept_A_Single_Class_When_Fine_Tuning()
        {
            // Given: recordings of a new word only
            using var temp = new TempDirectory();
            foreach (var name in new[] { "ten/ten_x_1.wav", "ten/ten_x_7.wav" })
                temp.Write(name, "");

            // When
            var dataset = Dataset.Load(temp.Path, Convention, fineTuning: true);

            // Then
            Assert.That(dataset.Classes, Is.EqualTo(new[] { "ten" }));
            Assert.That(() => Dataset.Load(temp.Path, Convention), Throws.TypeOf<WorkflowException>());
        }

        [Test]
        public void Should_Throw_When_There_Is_No_Class_Folder_Even_When_Fine_Tuning()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write("notes.txt", "");

            // When / Then
            Assert.That(() => Dataset.Load(temp.Path, Convention, fineTuning: true), Throws.TypeOf<WorkflowException>().With.Message.EqualTo(
                $"{temp.Path} has no class folder with .wav files; fine-tuning needs recordings of at least one class. " +
                "Expected DIR/<class>/*.wav, or DIR/train/<class>/*.wav and DIR/test/<class>/*.wav."));
        }

        [Test]
        public void Should_Throw_When_The_Folder_Does_Not_Exist()
        {
            var error = Assert.Throws<WorkflowException>(() => Dataset.Load("/nonexistent/audio", Convention));

            Assert.That(error!.Message, Is.EqualTo(
                "The data folder /nonexistent/audio does not exist; run the FetchData target, or pass --data=DIR with DIR/<class>/*.wav."));
        }
    }

    public sealed class TheIsTestMethodOfSplitOptions
    {
        [Test]
        public void Should_Pick_About_The_Test_Fraction_By_A_Stable_Hash_Of_The_Path()
        {
            // Given
            var split = new SplitOptions { TestPattern = null, TestFraction = 0.2 };
            var paths = Enumerable.Range(0, 2000).Select(i => $"c/{i}.wav").ToList();

            // When
            var first = paths.Where(split.IsTest).ToList();
            var second = paths.Where(split.IsTest).ToList();

            // Then
            Assert.That(first, Is.EqualTo(second));
            Assert.That(first.Count / 2000.0, Is.EqualTo(0.2).Within(0.03));
        }

        [Test]
        public void Should_Reject_An_Invalid_Pattern()
        {
            var error = Assert.Throws<WorkflowException>(() => new SplitOptions { TestPattern = "_[0-4" }.Validate());

            Assert.That(error!.Message, Does.StartWith("split.testPattern '_[0-4' is not a valid regular expression ("));
        }
    }
}
