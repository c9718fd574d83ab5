using System.Text;

namespace Pipeline.Geo.Providers;

/// <summary>An RFC 4180 reader for the Census batch answer: quoted fields may hold commas, doubled quotes and line breaks.</summary>
internal static class CsvRecords
{
    /// <summary>The records of <paramref name="text"/>; blank lines are skipped. A quote left open is a bad response.</summary>
    public static IEnumerable<List<string>> Parse(string text, string provider)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
                continue;
            }
            switch (c)
            {
                case '"' when !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (fields.Count > 0 || field.Length > 0 || fieldStarted)
                    {
                        fields.Add(field.ToString());
                        yield return fields;
                        fields = [];
                    }
                    field.Clear();
                    fieldStarted = false;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (inQuotes)
        {
            throw ResponseReader.Bad(provider, "CSV quote left open");
        }
        if (fields.Count > 0 || field.Length > 0 || fieldStarted)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
