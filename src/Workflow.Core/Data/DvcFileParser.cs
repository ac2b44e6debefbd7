using System.Globalization;
using System.Text;

namespace Workflow.Data;

/// <summary>
/// The subset of YAML that .dvc files use: a top-level mapping whose <c>outs</c> key holds a block list of
/// mappings with scalar values. Keys nested deeper (e.g. DVC's <c>cloud:</c> of versioned remotes) and other
/// top-level keys are skipped; flow collections, anchors and tabs are rejected as "not valid".
/// </summary>
internal static class DvcFileParser
{
    /// <summary>The scalar fields of the single out; <paramref name="invalid"/> builds the error for anything else.</summary>
    public static IReadOnlyDictionary<string, string?> ParseSingleOut(string text, Func<string, WorkflowException> invalid)
    {
        var outs = ParseOuts(text, invalid);
        return outs.Count switch
        {
            0 => throw invalid("its `outs` list is empty"),
            1 => outs[0],
            _ => throw invalid(string.Format(
                CultureInfo.InvariantCulture, "it has {0} outs, but Workflow tracks exactly one directory", outs.Count)),
        };
    }

    private static List<Dictionary<string, string?>> ParseOuts(string text, Func<string, WorkflowException> invalid)
    {
        List<Dictionary<string, string?>>? outs = null;
        var inOuts = false;
        Dictionary<string, string?>? item = null;
        var keyColumn = -1;
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].TrimEnd(' ', '\r');
            var content = line.TrimStart(' ');
            if (content.Length == 0 || content[0] == '#' || line == "---")
            {
                continue;
            }

            if (content[0] == '\t')
            {
                throw invalid(At(number, "a tab is used for indentation"));
            }

            var indent = line.Length - content.Length;
            var isItem = content == "-" || content.StartsWith("- ", StringComparison.Ordinal);
            if (indent == 0 && !isItem)
            {
                var (key, value) = SplitKey(content, number, invalid);
                inOuts = key == "outs";
                item = null;
                if (inOuts)
                {
                    if (outs is not null)
                    {
                        throw invalid(At(number, "`outs` appears twice"));
                    }

                    outs = [];
                    if (value == "[]")
                    {
                        inOuts = false;
                    }
                    else if (value is not null)
                    {
                        throw invalid(At(number, "`outs` is not a block list of mappings"));
                    }
                }

                continue;
            }

            if (!inOuts)
            {
                continue;
            }

            if (isItem)
            {
                item = [];
                outs!.Add(item);
                var rest = content[1..].TrimStart(' ');
                if (rest.Length == 0)
                {
                    keyColumn = -1;
                    continue;
                }

                keyColumn = line.Length - rest.Length;
                content = rest;
            }
            else if (item is null)
            {
                throw invalid(At(number, "`outs` is not a block list of mappings"));
            }
            else if (keyColumn < 0)
            {
                keyColumn = indent;
            }
            else if (indent > keyColumn)
            {
                continue; // nested under a key Workflow does not use
            }
            else if (indent < keyColumn)
            {
                throw invalid(At(number, "the indentation does not match the out's other keys"));
            }

            var (itemKey, itemValue) = SplitKey(content, number, invalid);
            if (!item.TryAdd(itemKey, itemValue))
            {
                throw invalid(At(number, $"the out has `{itemKey}` twice"));
            }
        }

        return outs ?? throw invalid("it has no `outs`");
    }

    private static (string Key, string? Value) SplitKey(string content, int number, Func<string, WorkflowException> invalid)
    {
        if (content[0] is '{' or '[' or '&' or '*' or '!' or '?' or '|' or '>')
        {
            throw invalid(At(number, $"'{content}' uses YAML that Workflow does not read"));
        }

        var (key, afterKey) = content[0] is '\'' or '"' ? ReadQuoted(content, number, invalid) : ReadPlainKey(content);
        if (!afterKey.StartsWith(':') || (afterKey.Length > 1 && afterKey[1] != ' '))
        {
            throw invalid(At(number, $"'{content}' is not a `key: value` line"));
        }

        return (key, ReadScalar(afterKey[1..].Trim(' '), number, invalid));
    }

    private static (string Key, string After) ReadPlainKey(string content)
    {
        var colon = content.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0 && content.EndsWith(':'))
        {
            colon = content.Length - 1;
        }

        return colon < 0 ? (content, "") : (content[..colon].TrimEnd(' '), content[colon..]);
    }

    private static string? ReadScalar(string value, int number, Func<string, WorkflowException> invalid)
    {
        if (value.Length == 0 || value[0] == '#')
        {
            return null;
        }

        if (value[0] is '\'' or '"')
        {
            var (scalar, rest) = ReadQuoted(value, number, invalid);
            rest = rest.TrimStart(' ');
            if (rest.Length > 0 && rest[0] != '#')
            {
                throw invalid(At(number, $"unexpected text after the quoted value {value}"));
            }

            return scalar;
        }

        if (value[0] is '{' or '&' or '*' or '!' or '|' or '>' || (value[0] == '[' && value != "[]"))
        {
            throw invalid(At(number, $"'{value}' uses YAML that Workflow does not read"));
        }

        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment < 0 ? value : value[..comment]).TrimEnd(' ');
    }

    // Single quotes escape a quote by doubling it; double quotes use backslash escapes (the common ones suffice here).
    private static (string Value, string After) ReadQuoted(string text, int number, Func<string, WorkflowException> invalid)
    {
        var quote = text[0];
        var value = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote && quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                value.Append('\'');
                i++;
            }
            else if (c == quote)
            {
                return (value.ToString(), text[(i + 1)..]);
            }
            else if (c == '\\' && quote == '"' && i + 1 < text.Length)
            {
                i++;
                value.Append(text[i] switch { 'n' => '\n', 't' => '\t', '0' => '\0', var other => other });
            }
            else
            {
                value.Append(c);
            }
        }

        throw invalid(At(number, $"the quoted value {text} is not closed"));
    }

    private static string At(int number, string why) =>
        string.Format(CultureInfo.InvariantCulture, "line {0}: {1}", number, why);
}
