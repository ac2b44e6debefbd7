using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Registry;

public sealed partial class ModelRegistryTests
{
    public sealed class TheSetAliasMethod
    {
        [Test]
        public void Should_Point_The_Alias_And_Log_The_Move()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);

            registry.SetAlias("tones/1", "prod");
            var move = registry.SetAlias("tones/2", "prod");

            Assert.That((move!.From, move.To, move.Action, move.By), Is.EqualTo(((int?)1, (int?)2, "set", Environment.UserName)));
            Assert.That(registry.Resolve("tones@prod").Version, Is.EqualTo(2));
            Assert.That(File.ReadAllLines(temp.Combine("registry/aliases.jsonl")), Has.Length.EqualTo(2));
        }

        [Test]
        public void Should_Promote_What_Another_Alias_Points_At()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);
            registry.SetAlias("tones/1", "staging");

            registry.SetAlias("tones@staging", "prod");

            Assert.That(registry.Resolve("tones@prod").Version, Is.EqualTo(1));
        }

        [Test]
        public void Should_Change_Nothing_When_The_Alias_Already_Points_There()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);
            registry.SetAlias("tones/1", "prod");

            var move = registry.SetAlias("tones/1", "prod");

            Assert.That(move, Is.Null);
            Assert.That(registry.History("tones"), Has.Count.EqualTo(1));
        }

        [Test]
        public void Should_Refuse_An_Invalid_Alias()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);

            var error = Assert.Throws<WorkflowException>(() => registry.SetAlias("tones/1", "Prod"));

            Assert.That(error!.Message, Is.EqualTo(
                "'Prod' is not a valid alias; use a lowercase letter, then up to 31 lowercase letters, digits, '_' or '-' (e.g. prod, staging)."));
        }
    }

    public sealed class TheDeleteAliasMethod
    {
        [Test]
        public void Should_Remove_The_Alias_Keep_The_Version_And_Log_It()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);
            registry.SetAlias("tones/1", "prod");

            var move = registry.DeleteAlias("tones@prod");

            Assert.That((move.Action, move.From, move.To), Is.EqualTo(("delete", (int?)1, (int?)null)));
            Assert.That(registry.ReadIndex().EntryOf("tones").Aliases, Is.Empty);
            Assert.That(registry.Resolve("tones/1").Version, Is.EqualTo(1));
        }

        [Test]
        public void Should_Need_An_Alias_Reference()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);

            var error = Assert.Throws<WorkflowException>(() => registry.DeleteAlias("tones/1"));

            Assert.That(error!.Message, Is.EqualTo("alias delete needs <model>@<alias>, e.g. tones@prod (got 'tones/1')."));
        }
    }

    public sealed class TheRollbackMethod
    {
        [Test]
        public void Should_Move_The_Alias_Back_After_Two_Promotions()
        {
            // Given
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);
            registry.SetAlias("tones/1", "prod");
            registry.SetAlias("tones/2", "prod");

            // When
            var move = registry.Rollback("tones@prod");

            // Then
            Assert.That((move.Action, move.From, move.To), Is.EqualTo(("rollback", (int?)2, (int?)1)));
            Assert.That(registry.Resolve("tones@prod").Version, Is.EqualTo(1));
            Assert.That(registry.History("tones", "prod").Select(m => (m.Action, m.From, m.To)), Is.EqualTo(new[]
            {
                ("set", (int?)null, (int?)1),
                ("set", (int?)1, (int?)2),
                ("rollback", (int?)2, (int?)1),
            }));
        }

        [Test]
        public void Should_Walk_Back_Step_By_Step_Rather_Than_Toggle()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 3);
            registry.SetAlias("tones/1", "prod");
            registry.SetAlias("tones/2", "prod");
            registry.SetAlias("tones/3", "prod");

            registry.Rollback("tones@prod");
            registry.Rollback("tones@prod");

            Assert.That(registry.Resolve("tones@prod").Version, Is.EqualTo(1));
        }

        [Test]
        public void Should_Refuse_When_There_Is_No_Earlier_Version()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);
            registry.SetAlias("tones/1", "prod");

            var error = Assert.Throws<WorkflowException>(() => registry.Rollback("tones@prod"));

            Assert.That(error!.Message, Is.EqualTo("tones@prod has no earlier version in its history to go back to; see: history tones --alias prod."));
        }

        [Test]
        public void Should_Refuse_To_Go_Back_To_A_Deleted_Version()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 2);
            registry.SetAlias("tones/1", "prod");
            registry.SetAlias("tones/2", "prod");
            registry.Delete("tones/1");

            var error = Assert.Throws<WorkflowException>(() => registry.Rollback("tones@prod"));

            Assert.That(error!.Message, Is.EqualTo(
                "tones@prod was at tones/1 before, but that version has been deleted; point the alias yourself with: alias set tones/<version> prod."));
        }
    }

    public sealed class TheHistoryMethod
    {
        [Test]
        public void Should_Filter_By_Model_And_Alias()
        {
            using var temp = new TempDirectory();
            var registry = WithVersions(temp, 1);
            WithVersions(temp, 1, "other");
            registry.SetAlias("tones/1", "prod");
            registry.SetAlias("tones/1", "staging");
            registry.SetAlias("other/1", "prod");

            Assert.That(registry.History(), Has.Count.EqualTo(3));
            Assert.That(registry.History("tones"), Has.Count.EqualTo(2));
            Assert.That(registry.History("tones", "staging").Single().Alias, Is.EqualTo("staging"));
        }
    }
}
