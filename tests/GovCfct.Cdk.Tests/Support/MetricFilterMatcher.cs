using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GovCfct.Cdk.Tests.Support;

/// <summary>
/// A small evaluator for the CloudWatch Logs JSON filter-pattern subset the alert controls use:
/// <c>{ sel = value }</c>, <c>!=</c>, <c>NOT EXISTS</c>, <c>EXISTS</c>, <c>IS TRUE|FALSE|NULL</c>, <c>&amp;&amp;</c>,
/// <c>||</c>, parentheses and <c>*</c> wildcards in strings. moto 5.2 cannot evaluate JSON filter patterns (its
/// logs filter handles plain terms only), so this is the matcher for metric filters. A selector that is absent
/// matches no comparison, as in CloudWatch Logs. Anything outside the subset throws, so a pattern the matcher does
/// not understand fails the test instead of passing it.
/// </summary>
internal sealed class MetricFilterMatcher
{
    private readonly List<string> _tokens;
    private int _position;

    private MetricFilterMatcher(string pattern)
    {
        var trimmed = pattern.Trim();
        if (!trimmed.StartsWith('{') || !trimmed.EndsWith('}'))
        {
            throw new FormatException($"not a JSON filter pattern: {pattern}");
        }

        _tokens = [.. Tokenizer().Matches(trimmed[1..^1]).Select(m => m.Value)];
    }

    public static bool Matches(string pattern, string logEvent)
    {
        var matcher = new MetricFilterMatcher(pattern);
        var root = JsonNode.Parse(logEvent);
        var result = matcher.Or(root);
        if (matcher._position != matcher._tokens.Count)
        {
            throw new FormatException($"unexpected '{matcher._tokens[matcher._position]}' in {pattern}");
        }

        return result;
    }

    private bool Or(JsonNode? root)
    {
        var value = And(root);
        while (Peek() == "||")
        {
            _position++;
            value = And(root) | value;
        }

        return value;
    }

    private bool And(JsonNode? root)
    {
        var value = Term(root);
        while (Peek() == "&&")
        {
            _position++;
            value = Term(root) & value;
        }

        return value;
    }

    private bool Term(JsonNode? root)
    {
        if (Peek() == "(")
        {
            _position++;
            var inner = Or(root);
            Expect(")");
            return inner;
        }

        var selector = Next();
        if (!selector.StartsWith("$.", StringComparison.Ordinal))
        {
            throw new FormatException($"expected a selector, got '{selector}'");
        }

        var node = Select(root, selector[2..], out var exists);
        var op = Next();
        switch (op)
        {
            case "NOT":
                Expect("EXISTS");
                return !exists;
            case "EXISTS":
                return exists;
            case "IS":
                var literal = Next();
                return exists && literal switch
                {
                    "TRUE" => node is JsonValue t && t.TryGetValue<bool>(out var b1) && b1,
                    "FALSE" => node is JsonValue f && f.TryGetValue<bool>(out var b2) && !b2,
                    "NULL" => node is null,
                    _ => throw new FormatException($"IS {literal}"),
                };
            case "=" or "!=":
                var expected = Next();
                if (!exists || node is not JsonValue actual)
                {
                    return false;
                }

                var equal = Compare(actual, expected);
                return op == "=" ? equal : !equal;
            default:
                throw new FormatException($"unsupported operator '{op}'");
        }
    }

    private static bool Compare(JsonValue actual, string expected)
    {
        var text = actual.TryGetValue<string>(out var s) ? s : actual.ToJsonString();
        var unquoted = expected.StartsWith('"') ? expected[1..^1] : expected;
        if (!expected.StartsWith('"') && decimal.TryParse(unquoted, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == number;
        }

        var regex = "^" + string.Join(".*", unquoted.Split('*').Select(Regex.Escape)) + "$";
        return Regex.IsMatch(text, regex, RegexOptions.CultureInvariant);
    }

    private static JsonNode? Select(JsonNode? root, string path, out bool exists)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out var child))
            {
                exists = false;
                return null;
            }

            node = child;
        }

        exists = true;
        return node;
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string Next() => _position < _tokens.Count ? _tokens[_position++] : throw new FormatException("pattern ends early");

    private void Expect(string token)
    {
        if (Next() != token)
        {
            throw new FormatException($"expected '{token}'");
        }
    }

    private static Regex Tokenizer() => new("\"(?:[^\"\\\\]|\\\\.)*\"|&&|\\|\\||!=|=|\\(|\\)|[^\\s()=!&|\"]+", RegexOptions.CultureInvariant);
}
