using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Storage;

/// <summary>One versioned migration script, as embedded in this assembly.</summary>
/// <param name="Version">The number the file name starts with.</param>
/// <param name="FileName">For example <c>0001_initial.sql</c>.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the script with line endings normalized to LF.</param>
/// <param name="Batches">The script split on lines that are exactly <c>GO</c>.</param>
internal sealed record Migration(int Version, string FileName, string Checksum, IReadOnlyList<string> Batches);

/// <summary>Reads the migrations embedded from infra/sql/&lt;dialect&gt;/NNNN_name.sql.</summary>
internal static class MigrationCatalog
{
    private const string ResourcePrefix = "migrations/";

    private static readonly ConcurrentDictionary<string, IReadOnlyList<Migration>> Cache = new(StringComparer.Ordinal);

    /// <summary>The dialect's migrations in version order.</summary>
    public static IReadOnlyList<Migration> For(string folder) => Cache.GetOrAdd(folder, Load);

    private static List<Migration> Load(string folder)
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var prefix = ResourcePrefix + folder + "/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }
            var fileName = resource[prefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded migration {resource} could not be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            migrations.Add(Parse(fileName, reader.ReadToEnd()));
        }
        if (migrations.Count == 0)
        {
            throw new InvalidOperationException($"No migrations are embedded for dialect '{folder}' (expected {prefix}NNNN_name.sql).");
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Migrations {migrations[i - 1].FileName} and {migrations[i].FileName} have the same version.");
            }
        }
        return migrations;
    }

    internal static Migration Parse(string fileName, string text)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0
            || !int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || version <= 0)
        {
            throw new InvalidOperationException($"Migration file name {fileName} does not start with a positive version number and '_' (NNNN_name.sql).");
        }
        // Checked-out line endings differ between machines; the checksum must not.
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        return new Migration(version, fileName, checksum, SplitBatches(normalized));
    }

    /// <summary>Splits a script on lines that are exactly <c>GO</c> (any case, surrounding blanks allowed); drops empty batches.</summary>
    internal static List<string> SplitBatches(string script)
    {
        var batches = new List<string>();
        var current = new StringBuilder();
        foreach (var line in script.Split('\n'))
        {
            if (line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase))
            {
                Flush();
                continue;
            }
            current.Append(line).Append('\n');
        }
        Flush();
        return batches;

        void Flush()
        {
            var batch = current.ToString();
            current.Clear();
            if (!string.IsNullOrWhiteSpace(batch))
            {
                batches.Add(batch);
            }
        }
    }
}
