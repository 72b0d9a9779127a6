using System.Text;

namespace NeuronEngine.Cli.Input;

/// <summary>
/// Splits one CSV line into fields (RFC 4180 quoting: a field in double quotes may hold commas, and <c>""</c> inside it
/// is one quote). A quoted field cannot span lines: import files are read line by line so they can be streamed and every
/// error can name its line.
/// </summary>
internal static class CsvLine
{
    /// <summary>The fields of <paramref name="line"/>; throws <see cref="RowException"/> for an unterminated quote.</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            var quoted = i < line.Length && line[i] == '"';
            if (quoted)
            {
                i = ReadQuoted(line, i + 1, field);
                if (i < line.Length && line[i] != ',')
                {
                    throw new RowException($"unexpected text after the closing quote of field {fields.Count + 1}");
                }
            }
            else
            {
                var end = line.IndexOf(',', i);
                field.Append(line, i, (end < 0 ? line.Length : end) - i);
                i = end < 0 ? line.Length : end;
            }

            fields.Add(quoted ? field.ToString() : field.ToString().Trim());
            field.Clear();
            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }

    private static int ReadQuoted(string line, int i, StringBuilder field)
    {
        while (i < line.Length)
        {
            if (line[i] != '"')
            {
                field.Append(line[i++]);
            }
            else if (i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i += 2;
            }
            else
            {
                return i + 1;
            }
        }

        throw new RowException("unterminated quoted field (a field cannot span lines)");
    }
}
