using Workflow.Registry;

namespace Workflow.Tests.Registry;

public sealed class VersionReferenceTests
{
    public sealed class TheParseMethod
    {
        [TestCase("spoken-digits/3", "spoken-digits", 3, null)]
        [TestCase("spoken-digits@prod", "spoken-digits", null, "prod")]
        [TestCase("spoken-digits", "spoken-digits", null, null)]
        [TestCase("m.v2_x@canary-1", "m.v2_x", null, "canary-1")]
        public void Should_Parse_The_Three_Forms(string text, string model, int? version, string? alias)
        {
            var reference = VersionReference.Parse(text);

            Assert.That(reference, Is.EqualTo(new VersionReference(model, version, alias)));
            Assert.That(reference.ToString(), Is.EqualTo(text));
        }

        [TestCase("Spoken")]
        [TestCase("a/b")]
        [TestCase("a@")]
        [TestCase("a/1@prod")]
        public void Should_Explain_The_Forms_For_Anything_Else(string text)
        {
            var error = Assert.Throws<WorkflowException>(() => VersionReference.Parse(text));

            Assert.That(error!.Message, Is.EqualTo(
                $"'{text}' is not a version reference; use <model>/<version> (spoken-digits/3), <model>@<alias> (spoken-digits@prod) or <model> (the latest version)."));
        }

        [Test]
        public void Should_Refuse_Version_Zero()
        {
            var error = Assert.Throws<WorkflowException>(() => VersionReference.Parse("a/0"));

            Assert.That(error!.Message, Is.EqualTo("'a/0' names version 0; versions are numbered from 1."));
        }
    }
}
