using System.Globalization;
using System.Text;

namespace Pipeline.Fairness;

/// <summary>Which columns of a scored CSV feed the audit, and the flag threshold.</summary>
/// <param name="Score">Column holding the model score (invariant-culture number).</param>
/// <param name="Label">Column holding the true outcome: 1/0, true/false, yes/no; empty means unknown.</param>
/// <param name="Groups">Protected attribute columns; each becomes a key of <see cref="AuditRow.Groups"/>.</param>
/// <param name="Threshold">A row is flagged when its score is greater than or equal to this. Default 0.5.</param>
public sealed record AuditCsvColumns(string Score, string Label, IReadOnlyList<string> Groups, double Threshold = 0.5);

/// <summary>A data row that was skipped, with the reason.</summary>
/// <param name="Line">1-based physical line on which the record starts (the header is line 1).</param>
/// <param name="Reason">Why the row was skipped.</param>
public sealed record AuditCsvRowError(long Line, string Reason);

/// <summary>What <see cref="AuditCsvReader.Read"/> produced.</summary>
/// <param name="Rows">The rows read, in file order.</param>
/// <param name="Warnings">Things the reader accepted but a person should know (duplicate identical columns).</param>
/// <param name="Errors">Rows that were skipped.</param>
public sealed record AuditCsvResult(IReadOnlyList<AuditRow> Rows, IReadOnlyList<string> Warnings, IReadOnlyList<AuditCsvRowError> Errors);

/// <summary>The CSV cannot be read safely as a whole: a missing column or conflicting duplicate columns.</summary>
public sealed class AuditCsvException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditCsvException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the column.</param>
    public AuditCsvException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AuditCsvException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads a scored RFC 4180 CSV (header row, quoted fields, CRLF or LF, optional BOM) into
/// <see cref="AuditRow"/>s in one pass, without regular expressions.
/// </summary>
public static class AuditCsvReader
{
    /// <summary>Reads every data row.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="columns">The columns to read.</param>
    /// <returns>Rows, warnings and skipped-row errors.</returns>
    /// <exception cref="AuditCsvException">No header, a requested column is missing, or copies of a
    /// duplicated requested column differ on some line.</exception>
    public static AuditCsvResult Read(TextReader reader, AuditCsvColumns columns)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentException.ThrowIfNullOrWhiteSpace(columns.Score);
        ArgumentException.ThrowIfNullOrWhiteSpace(columns.Label);
        ArgumentNullException.ThrowIfNull(columns.Groups);
        if (double.IsNaN(columns.Threshold))
        {
            throw new ArgumentException("Threshold must be a number.", nameof(columns));
        }

        var seenGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in columns.Groups)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(g, nameof(columns));
            if (!seenGroups.Add(g))
            {
                throw new ArgumentException("Group column '" + g + "' is requested twice.", nameof(columns));
            }
        }

        var parser = new CsvParser(reader);
        var fields = new List<string>();
        if (!parser.ReadRecord(fields, out _, out var headerProblem))
        {
            throw new AuditCsvException("The CSV is empty: a header row is required.");
        }

        if (headerProblem is not null)
        {
            throw new AuditCsvException("The header row is malformed: " + headerProblem + ".");
        }

        var header = fields.Select(f => f.Trim()).ToArray();
        var warnings = new List<string>();
        var score = Locate(columns.Score, header, warnings);
        var label = Locate(columns.Label, header, warnings);
        var groups = columns.Groups.Select(g => Locate(g, header, warnings)).ToArray();
        var checks = new[] { score, label }.Concat(groups).Where(c => c.Positions.Length > 1).ToArray();

        var rows = new List<AuditRow>();
        var errors = new List<AuditCsvRowError>();
        while (parser.ReadRecord(fields, out var line, out var problem))
        {
            if (problem is not null)
            {
                errors.Add(new AuditCsvRowError(line, problem));
                continue;
            }

            if (fields.Count == 1 && fields[0].Length == 0 && header.Length > 1)
            {
                continue; // blank line
            }

            if (fields.Count != header.Length)
            {
                errors.Add(new AuditCsvRowError(line, string.Create(
                    CultureInfo.InvariantCulture, $"has {fields.Count} fields but the header has {header.Length}")));
                continue;
            }

            foreach (var c in checks)
            {
                var first = fields[c.Positions[0]];
                for (var i = 1; i < c.Positions.Length; i++)
                {
                    if (!string.Equals(first, fields[c.Positions[i]], StringComparison.Ordinal))
                    {
                        throw new AuditCsvException(string.Create(CultureInfo.InvariantCulture,
                            $"Column '{c.Name}' appears at positions {Positions(c.Positions)} and its copies differ on line {line}."));
                    }
                }
            }

            var scoreText = fields[score.Positions[0]].AsSpan().Trim();
            if (scoreText.IsEmpty)
            {
                errors.Add(new AuditCsvRowError(line, "score '" + columns.Score + "' is empty"));
                continue;
            }

            if (!double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                errors.Add(new AuditCsvRowError(line, "score '" + columns.Score + "' is not a finite number"));
                continue;
            }

            if (!TryParseLabel(fields[label.Positions[0]].AsSpan().Trim(), out var truth))
            {
                errors.Add(new AuditCsvRowError(line, "label '" + columns.Label + "' is not 1/0, true/false, yes/no or empty"));
                continue;
            }

            var values = new Dictionary<string, string>(groups.Length, StringComparer.Ordinal);
            foreach (var g in groups)
            {
                var v = fields[g.Positions[0]].Trim();
                if (v.Length > 0)
                {
                    values[g.Name] = v;
                }
            }

            rows.Add(new AuditRow(values, value >= columns.Threshold, truth, value));
        }

        return new AuditCsvResult(rows, warnings, errors);
    }

    private static Column Locate(string name, string[] header, List<string> warnings)
    {
        var positions = new List<int>();
        for (var i = 0; i < header.Length; i++)
        {
            if (string.Equals(header[i], name, StringComparison.Ordinal))
            {
                positions.Add(i);
            }
        }

        if (positions.Count == 0)
        {
            throw new AuditCsvException("Column '" + name + "' is not in the header; the header is: "
                + string.Join(", ", header.Select(h => "'" + h + "'")) + ".");
        }

        var column = new Column(name, [.. positions]);
        if (positions.Count > 1 && !warnings.Exists(w => w.StartsWith("Column '" + name + "' ", StringComparison.Ordinal)))
        {
            warnings.Add("Column '" + name + "' appears at positions " + Positions(column.Positions)
                + " with identical values; the first copy is used.");
        }

        return column;
    }

    private static string Positions(int[] positions) =>
        string.Join(", ", positions.Select(p => (p + 1).ToString(CultureInfo.InvariantCulture)));

    private static bool TryParseLabel(ReadOnlySpan<char> text, out bool? label)
    {
        label = null;
        if (text.IsEmpty)
        {
            return true;
        }

        if (text is "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            label = true;
            return true;
        }

        if (text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            label = false;
            return true;
        }

        return false;
    }

    private sealed record Column(string Name, int[] Positions);

    /// <summary>Buffered RFC 4180 record reader that tracks physical line numbers.</summary>
    private sealed class CsvParser(TextReader reader)
    {
        private readonly char[] _buffer = new char[64 * 1024];
        private readonly StringBuilder _field = new();
        private int _pos;
        private int _len;
        private long _line = 1;
        private bool _started;

        /// <summary>Reads one record; false at end of input.</summary>
        public bool ReadRecord(List<string> fields, out long line, out string? problem)
        {
            fields.Clear();
            problem = null;
            line = _line;
            if (!_started)
            {
                _started = true;
                if (Peek() == '\uFEFF')
                {
                    _pos++;
                }
            }

            if (Peek() < 0)
            {
                return false;
            }

            while (true)
            {
                _field.Clear();
                var c = Peek();
                if (c == '"')
                {
                    _pos++;
                    var closed = false;
                    while (true)
                    {
                        var q = Next();
                        if (q < 0)
                        {
                            break;
                        }

                        if (q == '"')
                        {
                            if (Peek() == '"')
                            {
                                _pos++;
                                _field.Append('"');
                                continue;
                            }

                            closed = true;
                            break;
                        }

                        if (q == '\n')
                        {
                            _line++;
                        }

                        _field.Append((char)q);
                    }

                    if (!closed)
                    {
                        problem ??= "a quoted field is not closed before the end of the file";
                    }

                    // Text between a closing quote and the next delimiter is not RFC 4180.
                    c = Peek();
                    if (c >= 0 && c != ',' && c != '\r' && c != '\n')
                    {
                        problem ??= "text follows a closing quote";
                        while ((c = Peek()) >= 0 && c != ',' && c != '\r' && c != '\n')
                        {
                            _field.Append((char)c);
                            _pos++;
                        }
                    }
                }
                else
                {
                    while ((c = Peek()) >= 0 && c != ',' && c != '\r' && c != '\n')
                    {
                        _field.Append((char)c);
                        _pos++;
                    }
                }

                fields.Add(_field.ToString());
                c = Next();
                if (c == ',')
                {
                    continue;
                }

                if (c == '\r' && Peek() == '\n')
                {
                    _pos++;
                }

                if (c >= 0)
                {
                    _line++;
                }

                return true;
            }
        }

        private int Peek()
        {
            if (_pos < _len)
            {
                return _buffer[_pos];
            }

            _len = reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            return _len > 0 ? _buffer[0] : -1;
        }

        private int Next()
        {
            var c = Peek();
            if (c >= 0)
            {
                _pos++;
            }

            return c;
        }
    }
}
