using Newtonsoft.Json.Linq;
using Workflow.Pipeline;
using Workflow.Tests.Fixtures;
using Workflow.Variants;

namespace Workflow.Tests.Variants;

/// <summary>Variants in the config: how overrides merge, which variant a build takes, and every refusal's message.</summary>
public sealed class VariantConfigTests
{
    private const string Config = """
        {
          // comments are allowed, as in every config
          "train": { "family": "hmm", "seed": 42, "hmm": { "states": 6, "mixtures": 3 } },
          "variants": {
            "baseline": {},
            "bigger": { "train": { "hmm": { "states": 8 } }, "features": { "nMfcc": 13 } }
          },
          "selection": { "metric": "accuracy" }
        }
        """;

    public sealed class TheLoadMethod
    {
        [Test]
        public void Should_Merge_A_Variants_Overrides_Setting_By_Setting()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", Config);

            var bigger = WorkflowConfig.Load(path, "c.json", "bigger");

            Assert.That((bigger.Train.Hmm.States, bigger.Train.Hmm.Mixtures, bigger.Train.Seed, bigger.Features.NMfcc), Is.EqualTo((8, 3, 42, 13)));
            Assert.That(bigger.Variants.Keys, Is.EqualTo(new[] { "baseline", "bigger" }));
            Assert.That(bigger.Selection.Metric, Is.EqualTo("accuracy"));
        }

        [Test]
        public void Should_Give_The_Same_Hash_For_A_Variant_Without_Overrides_As_For_The_Top_Level_Without_Variants()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", Config);
            var plain = temp.Write("p.json", """{ "train": { "family": "hmm", "seed": 42, "hmm": { "states": 6, "mixtures": 3 } } }""");

            Assert.That(WorkflowConfig.Load(path, "c.json", "baseline").Hash, Is.EqualTo(WorkflowConfig.Load(plain, "p.json").Hash));
            Assert.That(WorkflowConfig.Load(path, "c.json", "bigger").Hash, Is.Not.EqualTo(WorkflowConfig.Load(plain, "p.json").Hash));
        }

        [Test]
        public void Should_Refuse_A_Variant_That_Overrides_An_Unknown_Setting_By_Its_Name()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", Config.Replace("\"states\": 8", "\"statez\": 8"));

            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json"))!;

            Assert.That(error.Message, Is.EqualTo("c.json: unknown setting 'variants.bigger.train.hmm.statez'; a variant overrides settings of the top level (see config/README.md)."));
        }

        [Test]
        public void Should_Refuse_A_Variant_With_An_Invalid_Value_Naming_The_Variant()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", Config.Replace("\"states\": 8", "\"states\": 0"));

            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json"))!;

            Assert.That(error.Message, Does.StartWith("c.json: variants.bigger: train.hmm.states"));
        }

        [Test]
        public void Should_Refuse_An_Unknown_Variant_Name_With_The_Names_There_Are()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", Config);

            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json", "smaller"))!;

            Assert.That(error.Message, Is.EqualTo("--variant=smaller: c.json has no variant 'smaller'; it has baseline, bigger."));
        }

        [Test]
        public void Should_Refuse_A_Default_Variant_That_Is_Not_A_Variant()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", Config.Replace("\"selection\"", "\"defaultVariant\": \"best\", \"selection\""));

            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json"))!;

            Assert.That(error.Message, Is.EqualTo("c.json: defaultVariant 'best' is not one of the variants (baseline, bigger); name one of them or remove defaultVariant."));
        }

        [Test]
        public void Should_Refuse_A_Selection_Metric_It_Cannot_Rank_By()
        {
            using var temp = new TempDirectory();
            var path = temp.Write("c.json", Config.Replace("\"metric\": \"accuracy\"", "\"metric\": \"loss\""));

            var error = Assert.Throws<WorkflowException>(() => WorkflowConfig.Load(path, "c.json"))!;

            Assert.That(error.Message, Is.EqualTo("c.json: selection.metric 'loss' is not a metric CompareVariants ranks by; use one of macroF1, accuracy."));
        }
    }

    public sealed class TheVariantChoiceChooseMethod
    {
        private static readonly string[] Names = ["a", "b"];

        [Test]
        public void Should_Prefer_The_Argument_Then_The_Default_Then_The_Champion()
        {
            var champion = new Champion("b", "macroF1", 0.9);

            Assert.That(VariantChoice.Choose("a", "b", champion, Names), Is.EqualTo(new VariantChoice("a", "--variant")));
            Assert.That(VariantChoice.Choose(null, "a", champion, Names), Is.EqualTo(new VariantChoice("a", "defaultVariant in the config")));
            Assert.That(VariantChoice.Choose(null, null, champion, Names), Is.EqualTo(new VariantChoice("b", "the champion of the last CompareVariants (macroF1 0.9000)")));
            Assert.That(VariantChoice.Choose(null, null, new Champion("gone", "macroF1", 1), Names).Name, Is.Null);
        }
    }

    public sealed class TheChampionMethod
    {
        [Test]
        public void Should_Rank_By_The_Metric_Then_The_Other_Metric_Then_The_Name()
        {
            var selection = new SelectionOptions { Metric = "macroF1" };
            VariantResult Result(string name, double accuracy, double f1) => new(name, accuracy, f1, 0, 0);

            Assert.That(selection.Champion([Result("a", 0.9, 0.8), Result("b", 0.8, 0.9)]).Variant, Is.EqualTo("b"));
            Assert.That(selection.Champion([Result("a", 0.8, 0.9), Result("b", 0.9, 0.9)]).Variant, Is.EqualTo("b"));
            Assert.That(selection.Champion([Result("b", 0.9, 0.9), Result("a", 0.9, 0.9)]).Variant, Is.EqualTo("a"));
        }
    }

    public sealed class TheMergeMethod
    {
        [Test]
        public void Should_Replace_Arrays_And_Drop_The_Variant_Sections()
        {
            var top = JObject.Parse("""{"a": {"b": [1, 2], "c": 1}, "variants": {"x": {}}, "defaultVariant": "x", "selection": {}}""");

            var merged = VariantSettings.Merge(top, JObject.Parse("""{"a": {"b": [3]}}"""));

            Assert.That(merged.ToString(Newtonsoft.Json.Formatting.None), Is.EqualTo("""{"a":{"b":[3],"c":1}}"""));
        }
    }
}
