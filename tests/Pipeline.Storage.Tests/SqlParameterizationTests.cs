using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Storage.Tests;

public sealed class SqlParameterizationTests
{
    [Fact]
    public void EverySqlStatementInTheProductSourcesTakesValuesOnlyAsParameters()
    {
        var root = RepositoryRoot();
        var stopwatch = Stopwatch.StartNew();
        var files = SqlTextScanner.ProductSources(root);
        var findings = files.SelectMany(file => SqlTextScanner.Scan(File.ReadAllText(file), Path.GetRelativePath(root, file).Replace('\\', '/'))).ToList();
        stopwatch.Stop();

        Assert.True(files.Count > 50, $"expected the product sources under shared/ and services/, found {files.Count} files");
        Assert.True(findings.Count(f => f.Kind == SqlFindingKind.SqlString) > 100, "the scan should recognise the store's SQL statements; did the detection break?");
        var violations = findings.Where(f => f.IsViolation).Select(f => f.ToString()).ToList();
        Assert.True(violations.Count == 0, "SQL built from values instead of parameters (file:line):" + Environment.NewLine + string.Join(Environment.NewLine, violations));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"the scan took {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void EveryAllowListEntryIsStillUsed()
    {
        var root = RepositoryRoot();
        var used = SqlTextScanner.ProductSources(root)
            .SelectMany(file => SqlTextScanner.Scan(File.ReadAllText(file), Path.GetRelativePath(root, file).Replace('\\', '/')))
            .Where(f => f.AllowedBy is not null)
            .Select(f => f.AllowedBy!)
            .ToHashSet();

        var unused = SqlTextScanner.AllowList.Where(entry => !used.Contains(entry)).Select(entry => entry.Name).ToList();

        Assert.True(unused.Count == 0, "allow-list entries no product source needs any more (remove them): " + string.Join(", ", unused));
    }

    [Fact]
    public void AValueInterpolatedIntoSqlIsReportedWithItsLine()
    {
        const string source = """
            namespace Fake;
            internal static class Leaky
            {
                public static string Find(string text) =>
                    $"SELECT * FROM reports WHERE narrative = '{text}'";
            }
            """;

        var violations = SqlTextScanner.Scan(source, "Fake.cs").Where(f => f.IsViolation).ToList();

        var violation = Assert.Single(violations);
        Assert.Equal("text", violation.Expression);
        Assert.Equal(5, violation.Line);
        Assert.StartsWith("Fake.cs:5:", violation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AValueConcatenatedOntoSqlIsReported()
    {
        const string source = """
            internal static class Leaky
            {
                public static string Find(long id) => "SELECT narrative FROM reports WHERE id = " + id;
                public static string Order(string column) => "SELECT narrative FROM reports ORDER BY " +
                    column.ToUpperInvariant() + " DESC";
                public static string Formatted(string key) => string.Format("DELETE FROM reports WHERE idempotency_key = '{0}'", key);
            }
            """;

        var violations = SqlTextScanner.Scan(source, "Fake.cs").Where(f => f.IsViolation).ToList();

        Assert.Equal(["id", "column.ToUpperInvariant()", "{0}"], violations.Select(v => v.Expression));
        Assert.Equal([3, 5, 6], violations.Select(v => v.Line));
    }

    [Fact]
    public void AValueHiddenInAnInterpolatedPieceOfAConcatenatedStatementIsReported()
    {
        const string source = """
            internal static class Leaky
            {
                public static string Find(string key) => $"SELECT narrative FROM {_reportsTable} " + $"WHERE x = 1 AND idempotency_key = '{key}'";
                public static string Split(string key) => "SELECT narrative FROM reports WHERE idempotency_key = '" + $"{key}" + "'";
            }
            """;

        var violations = SqlTextScanner.Scan(source, "Fake.cs").Where(f => f.IsViolation).ToList();

        Assert.Equal(["key", "key"], violations.Select(v => v.Expression));
    }

    [Fact]
    public void IdentifiersDialectFragmentsAndParameterOnlyFiltersPass()
    {
        const string source = """"
            internal sealed class Store
            {
                private string Read(string? actor, bool includeArtifact)
                {
                    var filter = actor is null ? "" : " AND actor = @actor";
                    var a = $"SELECT {ModelColumns}{(includeArtifact ? ", artifact" : "")} FROM {ModelsTable}{ReadForUpdate} WHERE version = @version{filter}";
                    var b = $"DELETE FROM {_dialect.Qualify(StoreSchema.GeocodeCache.Name)} WHERE provider IN @providers";
                    var c = $$"""
                        INSERT INTO {{_reportsTable}} ({{StoreSchema.Reports.ColumnList}})
                        VALUES (@key, @narrative) -- a comment with a {brace}
                        """;
                    var d = "UPDATE alerts SET status = 'Closed' " + "WHERE alert_id = @alertId";
                    var e = $"Stored {count} reports from {topic}"; // not SQL: free to interpolate
                    var f = "report " + narrative.Length + " characters";
                    return a + b + c + d + e + f;
                }
            }
            """";

        var findings = SqlTextScanner.Scan(source, "shared/Pipeline.Storage/DeskStore.cs");

        Assert.DoesNotContain(findings, f => f.IsViolation);
        // a, b, c, both halves of d, and the filter fragment.
        Assert.Equal(6, findings.Count(f => f.Kind == SqlFindingKind.SqlString));
    }

    [Fact]
    public void ALocalAllowedInOneFileIsReportedInAnother()
    {
        const string source = """
            internal static class Elsewhere
            {
                public static string Find(string filter) => $"SELECT narrative FROM reports WHERE x = @x{filter}";
            }
            """;

        Assert.DoesNotContain(SqlTextScanner.Scan(source, "shared/Pipeline.Storage/DeskStore.cs"), f => f.IsViolation);
        Assert.Equal("filter", Assert.Single(SqlTextScanner.Scan(source, "services/Pipeline.Cli/Elsewhere.cs"), f => f.IsViolation).Expression);
    }

    [Fact]
    public void CommentsCharactersAndNestedStringsDoNotConfuseTheLexer()
    {
        const string source = """
            internal static class Tricky
            {
                // "SELECT * FROM reports WHERE id = " + id
                /* $"DELETE FROM reports WHERE id = {id}" */
                private const char Quote = '"';
                private static string Nested(string[] values) => $"UPDATE t SET x = @x WHERE id IN ({string.Join(", ", values.Select(v => $"'{v}'"))})";
                private static string Verbatim(string v) => @"SELECT ""quoted"" FROM t WHERE a = @a" + v;
            }
            """;

        var violations = SqlTextScanner.Scan(source, "Fake.cs").Where(f => f.IsViolation).ToList();

        // The two commented-out statements are not code, so only Nested's joined values and
        // Verbatim's "+ v" are reported.
        Assert.Equal(["string.Join(\", \", values.Select(v => $\"'{v}'\"))", "v"], violations.Select(v => v.Expression));
        Assert.Equal([6, 7], violations.Select(v => v.Line));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}

internal enum SqlFindingKind
{
    /// <summary>A string literal recognised as SQL text (reported for coverage, never a violation).</summary>
    SqlString,

    /// <summary>An interpolation hole in SQL text.</summary>
    Hole,

    /// <summary>An operand concatenated with <c>+</c> onto SQL text.</summary>
    Concatenated,

    /// <summary>A <c>{0}</c> placeholder in SQL text, filled by string.Format.</summary>
    FormatPlaceholder,
}

/// <summary>One allowed kind of interpolation hole or concatenated operand in SQL text, and why it cannot carry a value.</summary>
internal sealed record SqlAllowListEntry(string Name, Regex Pattern, string? FilePattern, string WhySafe)
{
    /// <summary>Whether the entry allows <paramref name="expression"/> in <paramref name="file"/> (a path relative to the repository, with '/').</summary>
    public bool Allows(string expression, string file) =>
        Pattern.IsMatch(expression) && (FilePattern is null || Regex.IsMatch(file, FilePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
}

internal sealed record SqlFinding(string File, int Line, SqlFindingKind Kind, string Expression, SqlAllowListEntry? AllowedBy)
{
    public bool IsViolation => Kind != SqlFindingKind.SqlString && AllowedBy is null;

    public override string ToString() => Kind == SqlFindingKind.SqlString
        ? $"{File}:{Line}: SQL text"
        : $"{File}:{Line}: {Kind} `{Expression}`" + (AllowedBy is null ? " is not on the allow-list" : $" allowed by {AllowedBy.Name}");
}

/// <summary>
/// Finds SQL text in C# source that is built from values: an interpolation hole, a <c>+</c>
/// operand or a string.Format placeholder whose expression is not a known identifier or fixed
/// SQL fragment. A small lexer, not a compiler: it knows comments, character literals and every
/// string-literal form (regular, verbatim, interpolated, raw, nested in holes), which is enough
/// for the store's style of writing SQL (uppercase keywords, Dapper parameters, table names from
/// <c>Qualify</c> or *Table members, column lists from constants).
/// Not covered: StringBuilder.Append chains and string.Concat calls (the desk queue query builds
/// its statement with a StringBuilder; its WHERE parts are literals with parameters only).
/// </summary>
internal static partial class SqlTextScanner
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What may appear in a hole of, or be concatenated onto, SQL text. Each entry names only
    /// identifiers or fixed fragments; a value (a report's text, a key, a user name) never matches.
    /// </summary>
    public static IReadOnlyList<SqlAllowListEntry> AllowList { get; } =
    [
        // Anywhere: names and fragments that are identifiers or constants by construction.
        new("qualified-table-name", Pattern(@"^(_?dialect\.)?Qualify\((StoreSchema\.[\w.]+|[A-Z]\w*\.Name|table\.Name|""[a-z_]+"")\)$"), null,
            "Qualify only schema-prefixes a table name; its argument is a StoreSchema constant, a static TableSpec's Name, a TableSpec parameter's Name or a literal table name."),
        new("table-member", Pattern(@"^(_\w*Table|[A-Z]\w*Table|table\.Name)$"), null,
            "*Table fields and properties hold table names computed once from StoreSchema via Qualify; table.Name is a TableSpec defined in StoreSchema."),
        new("column-list", Pattern(@"^((StoreSchema\.\w+\.)?ColumnList(\(table\))?|ParameterList\(table\)|[A-Z]\w*Columns)$"), null,
            "Column and @parameter lists generated from StoreSchema's TableSpec constants, or PascalCase *Columns constants written in the store."),
        new("column-assignments", Pattern(@"^string\.Join\("", "", (table\.UniqueKeys\[0\]|NonKeyColumns\(table\)\.Select\(c => \$""\{c\} = (excluded\.|@)\{c\}""\))\)$"), null,
            "Conflict-key and SET lists joined from a TableSpec's column names, each column assigned its own @parameter or excluded value."),
        new("dialect-fragment", Pattern(@"^(ReadForUpdate|_?dialect\.CountRows|InsertIfAbsent\(table\)|OpenStatusPredicate(\.Replace\(""a\.status"", ""status"", StringComparison\.Ordinal\))?)$"), null,
            "Fixed SQL chosen per provider or per query: lock hints or nothing, COUNT_BIG(*) or COUNT(*), the dialect's own insert-if-absent statement, the constant open-status predicate."),
        new("literal-choice", Pattern(@"^\(?[\w.!]+\s*\?\s*""[^""{}]*""\s*:\s*""[^""{}]*""\)?$"), null,
            "A condition choosing between two string literals (an optional column, TOP or LIMIT): both are fixed text."),

        // One file each: locals whose every assignment in that file is a table name, column list or parameter-only fragment.
        new("dialect-locals", Pattern(@"^(name|key|column|parameter)$"), @"^shared/Pipeline\.Storage/(SqlServerDialect|SqliteDialect|StoreDialect)\.cs$",
            "In the dialects, name is Qualify(table.Name), key is KeyPredicate(table.UniqueKeys[0]) (col = @col pairs), column is a TableSpec column name passed by the store, parameter a parameter name the store passes (\"@keys\"), never a value."),
        new("pipeline-store-locals", Pattern(@"^(count|columns|values)$"), @"^shared/Pipeline\.Storage/PipelineStore\.cs$",
            "count is _dialect.CountRows; columns is a StoreSchema ColumnList; values is _dialect.ValuesOfJsonArray(\"@keys\"), a subquery of that parameter."),
        new("desk-store-locals", Pattern(@"^(filter|join|columns)$"), @"^shared/Pipeline\.Storage/DeskStore\.cs$",
            "filter is \"\" or \" AND actor = @actor\"; join is \"\" or a JOIN on _reportsTable by key columns; columns is a literal column list."),
        new("fairness-store-locals", Pattern(@"^filter$"), @"^shared/Pipeline\.Storage/FairnessStore\.cs$",
            "filter is \"\" or \"WHERE model_version = @modelVersion\"."),
        new("batch-writer-set", Pattern(@"^string\.Join\("", "", set\)$"), @"^shared/Pipeline\.Storage/BatchWriter\.cs$",
            "set is StoreSchema.Reports' column names, each as \"col = @col\"."),
        new("retention-store-locals", Pattern(@"^(reports|alerts|labels|incidentsTable|receipts|rawTable|top|tail|emptyPredicate|Columns)$"), @"^shared/Pipeline\.Storage/RetentionStore\.cs$",
            "reports, alerts, labels, incidentsTable, receipts and rawTable are *Table members or Qualify(...) of StoreSchema names; top and tail are \"\", \"TOP (@limit) \" or \" LIMIT @limit\"; emptyPredicate is NOT EXISTS subqueries over those tables; Columns is a local constant column list."),
        new("bench-insert-limit-locals", Pattern(@"^table$"), @"^services/Pipeline\.Cli/Bench/StoreInsertLimit\.cs$",
            "table names from the benchmark's fixed list; the inserts are TableCommands over the store's own column names, every value a parameter"),
    ];

    /// <summary>The C# files under shared/ and services/, without build output.</summary>
    public static IReadOnlyList<string> ProductSources(string root) =>
        [.. new[] { "shared", "services" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .Order(StringComparer.Ordinal)];

    /// <summary>Every SQL string literal of <paramref name="source"/>, every hole and concatenated operand of one, and whether the allow-list covers it.</summary>
    public static IReadOnlyList<SqlFinding> Scan(string source, string fileName)
    {
        var lexer = new Lexer(source);
        var tokens = lexer.Tokens();
        var findings = new List<SqlFinding>();
        var sqlStrings = new HashSet<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is { Kind: TokenKind.String } token && IsSql(token))
            {
                sqlStrings.Add(i);
            }
        }
        // A string concatenated onto SQL text is part of the statement, so its holes count too.
        var inStatement = new HashSet<int>(sqlStrings);
        var operands = new List<(int Start, int End)>();
        foreach (var index in sqlStrings)
        {
            for (var right = index; right + 1 < tokens.Count && tokens[right + 1].Text == "+";)
            {
                var end = OperandForward(tokens, right + 2);
                if (end < right + 2)
                {
                    break;
                }
                operands.Add((right + 2, end));
                right = end;
            }
            for (var left = index; left - 1 >= 0 && tokens[left - 1].Text == "+";)
            {
                var start = OperandBackward(tokens, left - 2);
                if (start > left - 2)
                {
                    break;
                }
                operands.Add((start, left - 2));
                left = start;
            }
        }
        foreach (var (start, end) in operands.Distinct())
        {
            if (start == end && tokens[start].Kind == TokenKind.String)
            {
                inStatement.Add(start);
                continue;
            }
            var expression = Normalize(source[tokens[start].Start..tokens[end].End]);
            findings.Add(new SqlFinding(fileName, tokens[start].Line, SqlFindingKind.Concatenated, expression, Allowed(expression, fileName)));
        }
        foreach (var nested in lexer.NestedStrings.Where(IsSql))
        {
            findings.Add(new SqlFinding(fileName, nested.Line, SqlFindingKind.SqlString, "", null));
            findings.AddRange(nested.Holes.Select(hole => new SqlFinding(fileName, hole.Line, SqlFindingKind.Hole, hole.Expression, Allowed(hole.Expression, fileName))));
        }
        foreach (var index in inStatement.Order())
        {
            var token = tokens[index];
            if (sqlStrings.Contains(index))
            {
                findings.Add(new SqlFinding(fileName, token.Line, SqlFindingKind.SqlString, "", null));
            }
            foreach (var hole in token.Holes)
            {
                findings.Add(new SqlFinding(fileName, hole.Line, SqlFindingKind.Hole, hole.Expression, Allowed(hole.Expression, fileName)));
            }
            if (!token.Interpolated)
            {
                foreach (Match placeholder in FormatPlaceholder().Matches(token.LiteralText))
                {
                    findings.Add(new SqlFinding(fileName, token.Line, SqlFindingKind.FormatPlaceholder, placeholder.Value, null));
                }
            }
        }
        return [.. findings.OrderBy(f => f.Line).ThenBy(f => f.Kind)];
    }

    private static bool IsSql(Token token) =>
        SqlStatement().IsMatch(token.LiteralText) || SqlClause().IsMatch(token.LiteralText);

    private static SqlAllowListEntry? Allowed(string expression, string file) =>
        AllowList.FirstOrDefault(entry => entry.Allows(expression, file));

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant, RegexTimeout);

    private static string Normalize(string expression) => Whitespace().Replace(expression, " ").Trim();

    // The operand after a '+': tokens up to the next '+', ',', ';', '?', ':' or an unbalanced closing bracket at depth 0.
    private static int OperandForward(List<Token> tokens, int start)
    {
        var depth = 0;
        var i = start;
        for (; i < tokens.Count; i++)
        {
            var text = tokens[i].Kind == TokenKind.String ? null : tokens[i].Text;
            if (text is "(" or "[" or "{")
            {
                depth++;
            }
            else if (text is ")" or "]" or "}")
            {
                if (depth == 0)
                {
                    break;
                }
                depth--;
            }
            else if (depth == 0 && text is "+" or "," or ";" or "?" or ":" or "=>" or "==" or "=")
            {
                break;
            }
        }
        return i - 1;
    }

    // The operand before a '+': back to the previous '+', ',', ';', '=', '?', ':', 'return' or an unbalanced opening bracket at depth 0.
    private static int OperandBackward(List<Token> tokens, int end)
    {
        var depth = 0;
        var i = end;
        for (; i >= 0; i--)
        {
            var text = tokens[i].Kind == TokenKind.String ? null : tokens[i].Text;
            if (text is ")" or "]" or "}")
            {
                depth++;
            }
            else if (text is "(" or "[" or "{")
            {
                if (depth == 0)
                {
                    break;
                }
                depth--;
            }
            else if (depth == 0 && text is "+" or "," or ";" or "?" or ":" or "=>" or "==" or "=" or "return")
            {
                break;
            }
        }
        return i + 1;
    }

    // Statements, by their uppercase keywords (the repository's SQL style), or lowercase full statements.
    [GeneratedRegex(@"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\S+(\s+WITH\s*\([^)]*\))?\s+SET|MERGE\s+INTO|CREATE\s+TABLE|ALTER\s+TABLE|DROP\s+TABLE|EXEC(UTE)?\s+\w)\b|(?i:\bselect\b[^.!]*\bfrom\s+\w+\s+where\b|\binsert\s+into\s+\w+\s*\(|\bdelete\s+from\s+\w+|\bupdate\s+\w+\s+set\s+\w+\s*=)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SqlStatement();

    // Clauses of a statement built in pieces: " WHERE x = ", " AND actor = @actor", "ORDER BY ", "VALUES (".
    [GeneratedRegex(@"(^|\s)(WHERE|ORDER\s+BY|GROUP\s+BY|VALUES\s*\(|(INNER\s+|LEFT\s+)?JOIN\s+\S+\s+\w+\s+ON|ON\s+CONFLICT|LIMIT\s+@|(AND|OR)\s+[\w.]+\s*(=|<|>|<=|>=|<>|IN|LIKE|IS)(\s|@|$))", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SqlClause();

    [GeneratedRegex(@"\{\d+(,[^}]*)?(:[^}]*)?\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FormatPlaceholder();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Whitespace();

    private enum TokenKind
    {
        String,
        Other,
    }

    private sealed record Hole(string Expression, int Line);

    /// <summary>A token: a whole string literal (its text with holes as "{}", and its holes), or a word, number or punctuation.</summary>
    private sealed record Token(TokenKind Kind, string Text, int Start, int End, int Line, bool Interpolated, string LiteralText, IReadOnlyList<Hole> Holes);

    private sealed class Lexer(string source)
    {
        private int _position;
        private int _line = 1;
        private readonly List<Token> _tokens = [];

        /// <summary>String literals inside interpolation holes; kept apart so they do not sit between a statement and its '+'.</summary>
        public List<Token> NestedStrings { get; } = [];

        public List<Token> Tokens()
        {
            while (_position < source.Length)
            {
                var c = source[_position];
                if (c == '\n')
                {
                    _line++;
                    _position++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    _position++;
                }
                else if (c == '/' && Peek(1) == '/')
                {
                    while (_position < source.Length && source[_position] != '\n')
                    {
                        _position++;
                    }
                }
                else if (c == '/' && Peek(1) == '*')
                {
                    var end = source.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                    end = end < 0 ? source.Length : end + 2;
                    Advance(end);
                }
                else if (c == '\'')
                {
                    SkipCharacter();
                }
                else if (StringStart(_position) is { } prefix)
                {
                    _tokens.Add(ReadString(prefix));
                }
                else if (char.IsLetterOrDigit(c) || c == '_' || c == '@')
                {
                    var start = _position;
                    while (_position < source.Length && (char.IsLetterOrDigit(source[_position]) || source[_position] is '_' or '@' or '.'))
                    {
                        _position++;
                    }
                    AddOther(start);
                }
                else
                {
                    var start = _position;
                    _position += source.AsSpan(_position).StartsWith("=>") || source.AsSpan(_position).StartsWith("==") || source.AsSpan(_position).StartsWith("++") || source.AsSpan(_position).StartsWith("+=") ? 2 : 1;
                    AddOther(start);
                }
            }
            return _tokens;
        }

        private char Peek(int offset) => _position + offset < source.Length ? source[_position + offset] : '\0';

        private void AddOther(int start) =>
            _tokens.Add(new Token(TokenKind.Other, source[start.._position], start, _position, _line, false, "", []));

        private void Advance(int to)
        {
            for (; _position < to; _position++)
            {
                if (source[_position] == '\n')
                {
                    _line++;
                }
            }
        }

        private void SkipCharacter()
        {
            var i = _position + 1;
            if (i < source.Length && source[i] == '\\')
            {
                i += 2;
            }
            else
            {
                i++;
            }
            while (i < source.Length && source[i] != '\'' && source[i] != '\n')
            {
                i++;
            }
            Advance(Math.Min(i + 1, source.Length));
        }

        // The prefix of a string literal at position ($ count, verbatim, quote count), or null.
        private (int Dollars, bool Verbatim, int Quotes, int Length)? StringStart(int at)
        {
            var i = at;
            var dollars = 0;
            var verbatim = false;
            while (i < source.Length && (source[i] == '$' || (source[i] == '@' && !verbatim)))
            {
                if (source[i] == '$')
                {
                    dollars++;
                }
                else
                {
                    verbatim = true;
                }
                i++;
            }
            if (i >= source.Length || source[i] != '"')
            {
                return null;
            }
            var quotes = 0;
            while (i + quotes < source.Length && source[i + quotes] == '"')
            {
                quotes++;
            }
            // "" is an empty regular string, """ or more opens a raw string literal.
            quotes = quotes >= 3 && !verbatim ? quotes : 1;
            return (dollars, verbatim, quotes, i - at + quotes);
        }

        private Token ReadString((int Dollars, bool Verbatim, int Quotes, int Length) prefix)
        {
            var start = _position;
            var line = _line;
            Advance(_position + prefix.Length);
            var raw = prefix.Quotes >= 3;
            var braces = Math.Max(prefix.Dollars, 1);
            var literal = new StringBuilder();
            var holes = new List<Hole>();
            while (_position < source.Length)
            {
                var c = source[_position];
                if (raw && source.AsSpan(_position).StartsWith(new string('"', prefix.Quotes)))
                {
                    Advance(_position + prefix.Quotes);
                    break;
                }
                if (!raw && c == '"')
                {
                    if (prefix.Verbatim && Peek(1) == '"')
                    {
                        literal.Append('"');
                        Advance(_position + 2);
                        continue;
                    }
                    Advance(_position + 1);
                    break;
                }
                if (!raw && !prefix.Verbatim && c == '\\')
                {
                    literal.Append(c).Append(Peek(1));
                    Advance(_position + 2);
                    continue;
                }
                if (prefix.Dollars > 0 && c == '{')
                {
                    var run = 0;
                    while (source.AsSpan(_position + run).StartsWith("{"))
                    {
                        run++;
                    }
                    if (!raw && run >= 2)
                    {
                        literal.Append('{');
                        Advance(_position + 2);
                        continue;
                    }
                    if (run >= braces)
                    {
                        literal.Append(source, _position, run - braces).Append("{}");
                        Advance(_position + run);
                        holes.Add(ReadHole(braces));
                        continue;
                    }
                }
                if (prefix.Dollars > 0 && !raw && c == '}' && Peek(1) == '}')
                {
                    literal.Append('}');
                    Advance(_position + 2);
                    continue;
                }
                literal.Append(c);
                Advance(_position + 1);
            }
            return new Token(TokenKind.String, source[start.._position], start, _position, line, prefix.Dollars > 0, literal.ToString(), holes);
        }

        // After the opening brace(s): the expression up to a top-level ',' (alignment), ':' (format) or the closing brace(s).
        private Hole ReadHole(int braces)
        {
            var line = _line;
            var start = _position;
            var end = -1;
            var depth = 0;
            while (_position < source.Length)
            {
                var c = source[_position];
                if (StringStart(_position) is { } nested)
                {
                    // Nested strings are tokens of their own, so SQL inside a hole is scanned too.
                    NestedStrings.Add(ReadString(nested));
                    continue;
                }
                if (c == '\'')
                {
                    SkipCharacter();
                    continue;
                }
                if (c is '(' or '[' or '{')
                {
                    depth++;
                }
                else if (c is ')' or ']')
                {
                    depth--;
                }
                else if (c == '}' && depth > 0)
                {
                    depth--;
                }
                else if (c == '}')
                {
                    end = end < 0 ? _position : end;
                    Advance(_position + braces);
                    break;
                }
                else if (depth == 0 && end < 0 && (c == ',' || (c == ':' && Peek(1) != ':')))
                {
                    end = _position;
                }
                Advance(_position + 1);
            }
            return new Hole(Normalize(source[start..(end < 0 ? _position : end)]), line);
        }
    }
}
