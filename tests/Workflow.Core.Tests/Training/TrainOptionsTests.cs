using Newtonsoft.Json.Linq;
using Workflow.Training;

namespace Workflow.Tests.Training;

public sealed class TrainOptionsTests
{
    public sealed class TheValidateMethod
    {
        private static IEnumerable<TestCaseData> Invalid()
        {
            var o = new TrainOptions();
            yield return Case(o with { Family = "svm" }, "train.family 'svm' is not known; use one of: gaussian, gmm, hmm, kmeans, discrete-hmm.");
            yield return Case(o with { VarianceFloor = 0 }, "train.varianceFloor must be between 0 and 1, exclusive (got 0).");
            yield return Case(o with { VarianceFloor = 1.5 }, "train.varianceFloor must be between 0 and 1, exclusive (got 1.5).");
            yield return Case(o with { Gmm = new GmmOptions { Components = 0 } }, "train.gmm.components must be ≥ 1 (got 0).");
            yield return Case(o with { Gmm = new GmmOptions { Components = 257 } }, "train.gmm.components must be ≤ 256 (got 257).");
            yield return Case(o with { Gmm = new GmmOptions { Iterations = -1 } }, "train.gmm.iterations must be ≥ 0 (got -1).");
            yield return Case(o with { Gmm = new GmmOptions { Tolerance = -0.5 } }, "train.gmm.tolerance must be ≥ 0 (got -0.5).");
            yield return Case(o with { Gmm = new GmmOptions { Tolerance = double.NaN } }, "train.gmm.tolerance must be ≥ 0 (got NaN).");
            yield return Case(o with { Hmm = new HmmOptions { States = 0 } }, "train.hmm.states must be ≥ 1 (got 0).");
            yield return Case(o with { Hmm = new HmmOptions { States = 65 } }, "train.hmm.states must be ≤ 64 (got 65).");
            yield return Case(o with { Hmm = new HmmOptions { Mixtures = 0 } }, "train.hmm.mixtures must be ≥ 1 (got 0).");
            yield return Case(o with { Hmm = new HmmOptions { Mixtures = 65 } }, "train.hmm.mixtures must be ≤ 64 (got 65).");
            yield return Case(o with { Hmm = new HmmOptions { Iterations = -2 } }, "train.hmm.iterations must be ≥ 0 (got -2).");
            yield return Case(o with { Hmm = new HmmOptions { Tolerance = -1 } }, "train.hmm.tolerance must be ≥ 0 (got -1).");
            yield return Case(o with { KMeans = new KMeansOptions { Clusters = 0 } }, "train.kmeans.clusters must be ≥ 1 (got 0).");
            yield return Case(o with { KMeans = new KMeansOptions { Clusters = 1025 } }, "train.kmeans.clusters must be ≤ 1024 (got 1025).");
            yield return Case(o with { KMeans = new KMeansOptions { Iterations = 0 } }, "train.kmeans.iterations must be ≥ 1 (got 0).");
            yield return Case(o with { KMeans = new KMeansOptions { Tolerance = double.PositiveInfinity } }, "train.kmeans.tolerance must be ≥ 0 (got Infinity).");
            yield return Case(o with { Adapt = new AdaptOptions { Relevance = -1 } }, "train.adapt.relevance must be ≥ 0 (got -1).");
            yield return Case(o with { Adapt = new AdaptOptions { Iterations = 0 } }, "train.adapt.iterations must be ≥ 1 (got 0).");
            yield return Case(o with { Adapt = new AdaptOptions { Update = "means,colours" } },
                "train.adapt.update 'means,colours': 'colours' is not known; use a comma-separated list of means, weights, variances, transitions (e.g. \"means\" or \"means,weights,variances\").");
            yield return Case(o with { Adapt = new AdaptOptions { Update = " , " } },
                "train.adapt.update is empty; name at least one of means, weights, variances, transitions (e.g. \"means\").");
            yield return Case(o with { Base = "Spoken Digits" },
                "train.base: 'Spoken Digits' is not a version reference; use <model>/<version> (spoken-digits/3), <model>@<alias> (spoken-digits@prod) or <model> (the latest version).");
            yield return Case(o with { Family = "discrete-hmm", Base = "spoken-digits@prod" },
                "train.base 'spoken-digits@prod' cannot be used with train.family 'discrete-hmm': MAP adaptation is defined here for gaussian, gmm and hmm; remove train.base to train discrete-hmm models from scratch.");
            yield return Case(o with { Family = "kmeans", Base = "spoken-digits@prod" },
                "train.base 'spoken-digits@prod' cannot be used with train.family 'kmeans': a k-means codebook has no densities for MAP adaptation to move; fine-tune a gaussian, gmm or hmm model, or remove train.base to train kmeans from scratch.");
            yield return Case(o with { DiscreteHmm = new DiscreteHmmOptions { States = 0 } }, "train.discreteHmm.states must be ≥ 1 (got 0).");
            yield return Case(o with { DiscreteHmm = new DiscreteHmmOptions { Topology = "circular" } }, "train.discreteHmm.topology must be 'ergodic' or 'left-to-right' (got 'circular').");
            yield return Case(o with { DiscreteHmm = new DiscreteHmmOptions { Smoothing = 0 } }, "train.discreteHmm.smoothing must be above 0 and at most 100 (got 0).");
            yield return Case(o with { DiscreteHmm = new DiscreteHmmOptions { Iterations = -1 } }, "train.discreteHmm.iterations must be ≥ 0 (got -1).");
        }

        private static TestCaseData Case(TrainOptions options, string message) => new TestCaseData(options, message).SetName(message);

        [TestCaseSource(nameof(Invalid))]
        public void Should_Throw_Naming_The_Setting_When_It_Is_Out_Of_Range(TrainOptions options, string message)
        {
            // Given / When / Then
            Assert.That(options.Validate, Throws.TypeOf<WorkflowException>().With.Message.EqualTo(message));
        }

        [TestCaseSource(typeof(FamilyCases), nameof(FamilyCases.All))]
        public void Should_Accept_The_Defaults_Of_Every_Family(string family)
        {
            // Given
            var options = new TrainOptions { Family = family };

            // When / Then
            Assert.That(options.Validate, Throws.Nothing);
        }
    }

    public sealed class TheKeyParametersMethod
    {
        [Test]
        public void Should_Hold_The_Base_Packages_Sha256_And_The_Adapt_Settings_When_Fine_Tuning()
        {
            // Given
            var options = new TrainOptions
            {
                Family = "hmm",
                Base = "spoken-digits@prod",
                BaseSha256 = new string('a', 64),
                Adapt = new AdaptOptions { Relevance = 8, Update = "variances, means", Iterations = 1 },
            };

            // When
            var train = (JObject)options.KeyParameters()["train"]!;

            // Then: the package's bytes, not the reference (an alias moved is a new key, the same version renamed is not)
            Assert.That(train["base"]!.ToString(Newtonsoft.Json.Formatting.None), Is.EqualTo($"{{\"sha256\":\"{new string('a', 64)}\"}}"));
            Assert.That(train["adapt"]!.ToString(Newtonsoft.Json.Formatting.None),
                Is.EqualTo("{\"iterations\":1,\"relevance\":8.0,\"update\":\"means,variances\"}"));
        }

        [Test]
        public void Should_Hold_No_Base_Or_Adapt_Settings_Without_A_Base()
        {
            // Given
            var options = new TrainOptions { Family = "gmm", Adapt = new AdaptOptions { Relevance = 3 } };

            // When
            var train = (JObject)options.KeyParameters()["train"]!;

            // Then
            Assert.That(train.Properties().Select(p => p.Name), Is.EqualTo(new[] { "family", "seed", "varianceFloor", "gmm" }));
        }

        [Test]
        public void Should_Hold_The_Family_Seed_Floor_And_Only_The_Active_Familys_Settings()
        {
            // Given
            var options = new TrainOptions { Family = "hmm", Seed = 3, Hmm = new HmmOptions { States = 7 } };

            // When
            var parameters = options.KeyParameters();

            // Then
            Assert.That(JToken.DeepEquals(parameters, JObject.Parse("""
                {"train": {"family": "hmm", "seed": 3, "varianceFloor": 0.001,
                           "hmm": {"states": 7, "mixtures": 3, "iterations": 10, "tolerance": 0.001}}}
                """)), parameters.ToString());
        }

        [Test]
        public void Should_Not_Change_When_An_Inactive_Familys_Settings_Change()
        {
            // Given
            var options = new TrainOptions { Family = "hmm" };
            var edited = options with { Gmm = new GmmOptions { Components = 3 }, KMeans = new KMeansOptions { Clusters = 5 } };

            // When
            var before = options.KeyParameters();
            var after = edited.KeyParameters();

            // Then
            Assert.That(JToken.DeepEquals(before, after));
        }

        [Test]
        public void Should_Change_When_The_Active_Familys_Settings_Change()
        {
            // Given
            var options = new TrainOptions { Family = "gmm" };
            var edited = options with { Gmm = new GmmOptions { Components = 3 } };

            // When
            var after = edited.KeyParameters();

            // Then
            Assert.That((int)after["train"]!["gmm"]!["components"]!, Is.EqualTo(3));
            Assert.That(JToken.DeepEquals(options.KeyParameters(), after), Is.False);
        }

        [Test]
        public void Should_Name_The_KMeans_Settings_Kmeans_And_Leave_Out_The_Variance_Floor()
        {
            // Given
            var options = new TrainOptions { Family = "kmeans" };

            // When
            var train = (JObject)options.KeyParameters()["train"]!;

            // Then
            Assert.That(train.Properties().Select(p => p.Name), Is.EqualTo(new[] { "family", "seed", "kmeans" }));
        }

        [Test]
        public void Should_Hold_No_Sub_Settings_For_The_Gaussian_Family()
        {
            // Given
            var options = new TrainOptions();

            // When
            var train = (JObject)options.KeyParameters()["train"]!;

            // Then
            Assert.That(train.Properties().Select(p => p.Name), Is.EqualTo(new[] { "family", "seed", "varianceFloor" }));
        }
    }
}
