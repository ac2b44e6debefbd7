using Newtonsoft.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using Workflow.Pipeline;

namespace Workflow.Cli;

/// <summary>
/// Where a command's results go: Spectre tables for people, or with <c>--json</c> one JSON document on stdout.
/// Progress and errors go to stderr, so stdout stays parseable.
/// </summary>
public sealed class Output
{
    private readonly IAnsiConsole _console;

    public Output(bool json)
    {
        IsJson = json;
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        // Redirected output has no terminal width; keep wide tables whole rather than wrapped at 80 columns.
        if (Console.IsOutputRedirected) _console.Profile.Width = 200;
    }

    public bool IsJson { get; }

    public void Json(object value) => Console.Out.Write(JsonConvert.SerializeObject(value, Pipeline.Json.Settings) + "\n");

    public void Write(IRenderable renderable) => _console.Write(renderable);

    public void Line(string text) => Console.Out.WriteLine(text);

    public void Markup(string markup) => _console.MarkupLine(markup);

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(Spectre.Console.Markup.Escape(column)));
        return table;
    }

    public static string Escape(string? text) => Spectre.Console.Markup.Escape(text ?? "");
}
