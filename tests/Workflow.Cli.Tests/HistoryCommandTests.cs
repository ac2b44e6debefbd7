using Newtonsoft.Json.Linq;
using Workflow.Cli.Tests.Fixtures;

namespace Workflow.Cli.Tests;

public sealed class HistoryCommandTests
{
    [Test]
    public void Should_List_Every_Alias_Move_With_When_From_To_And_Who()
    {
        // Given
        using var registry = new CliRegistry().WithVersions(2);
        registry.Run("alias", "set", "tones/1", "prod");
        registry.Run("alias", "set", "tones/2", "prod");
        registry.Run("alias", "set", "tones/2", "staging");

        // When
        var json = registry.Run("history", "tones", "--alias", "prod", "--json");
        var table = registry.Run("history");

        // Then
        var moves = JArray.Parse(json.Stdout);
        Assert.That(moves.Select(m => (m.Value<int?>("from"), m.Value<int?>("to"), m.Value<string>("by"))),
            Is.EqualTo(new[] { ((int?)null, (int?)1, Environment.UserName), (1, 2, Environment.UserName) }));
        Assert.That(moves.All(m => m["when"]!.Type == JTokenType.Date || m["when"]!.Type == JTokenType.String), Is.True);
        Assert.That(table.Stdout, Does.Contain("tones@staging").And.Contain("tones@prod"));
    }

    [Test]
    public void Should_Say_So_When_Nothing_Moved()
    {
        using var registry = new CliRegistry().WithVersions(1);

        var result = registry.Run("history");

        Assert.That(result.Stdout, Is.EqualTo("No alias moves recorded.\n"));
    }
}
