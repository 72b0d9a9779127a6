using System.Text;
using System.Text.Json;
using CsCheck;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.Core.Tests;

/// <summary>
/// Random and damaged JSON Lines: every line parses to a line that keeps the rules or is refused with
/// InvalidArgument naming the line; no other exception escapes.
/// </summary>
public sealed class DatasetLinePropertyTests(ITestOutputHelper output)
{
    private const string Field = "train line 7";

    private static readonly string ValidLine = """{"user_id": "u1", "item_id": "i9", "type": "click", "timestamp": "2025-01-02T03:04:05Z"}""";

    /// <summary>Any UTF-16 unit, lone surrogates and control characters included, weighted toward the JSON-significant ones.</summary>
    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (4, Gen.Char),
        (3, Gen.Char["{}[]\":,\\ 0123456789.-+eEtrufalsn"]),
        (1, Gen.Char['\uD800', '\uDFFF']),
        (1, Gen.Char['\0', '\u001F']));

    private static readonly Gen<string> AnyText = AnyChar.Array[0, 80].Select(c => new string(c));

    /// <summary>A JSON value of any kind, as text, for a field that should hold a string or a number.</summary>
    private static readonly Gen<string> AnyValue = Gen.OneOf(
        AnyText.Select(s => JsonSerializer.Serialize(s)),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e400"),
        Gen.Const("null"), Gen.Const("true"), Gen.Const("[]"), Gen.Const("{}"), Gen.Const("\"\""),
        Gen.Const("\"9999-12-31T23:59:59-14:00\""), Gen.Const("\"0001-01-01T00:00:00+14:00\""), Gen.Const("99999999999999999999"),
        Gen.DateTimeOffset.Select(t => JsonSerializer.Serialize(t)),
        Gen.Char.AlphaNumeric.Array[1, 300].Select(c => JsonSerializer.Serialize(new string(c))));

    private static readonly Gen<string> Structured =
        from fields in Gen.Select(Gen.OneOf(Gen.Const("user_id"), Gen.Const("item_id"), Gen.Const("type"), Gen.Const("timestamp"), AnyText), AnyValue).Array[0, 6]
        select "{" + string.Join(", ", fields.Select(f => $"{JsonSerializer.Serialize(f.Item1)}: {f.Item2}")) + "}";

    private static readonly Gen<string> Mutated = Properties.Mutations(Encoding.UTF8.GetBytes(ValidLine)).Select(b => Encoding.UTF8.GetString(b));

    [Fact]
    public void Parse_AnyLine_ParsesWithinTheRulesOrRefusesNamingTheLine()
    {
        Properties.Run("dataset-line", Gen.OneOf(AnyText, Structured, Mutated), Check, 20_000, output);
    }

    private static void Check(string line)
    {
        DatasetLine parsed;
        try
        {
            parsed = DatasetLine.Parse(line, Field);
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument && ex.Field is not null && ex.Field.StartsWith(Field, StringComparison.Ordinal))
        {
            return;
        }

        Assert.Null(FieldRules.ValidateId(parsed.UserId));
        Assert.Null(FieldRules.ValidateId(parsed.ItemId));
        Assert.NotEmpty(parsed.Type);
    }
}
