using System.Globalization;
using System.Text;
using Dapper;
using Pipeline.Contracts;
using Pipeline.Geo.Addresses;
using Pipeline.Geo.Gazetteer;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Storage;

/// <summary>What a gazetteer import did.</summary>
/// <param name="Kind">"address-points" or "street-segments".</param>
/// <param name="Imported">Rows now in the gazetteer for that kind.</param>
/// <param name="Skipped">Rows of the file that were not imported.</param>
/// <param name="CacheEntriesDropped">Cached answers of local providers removed, since they may now be wrong.</param>
public sealed record GazetteerImportResult(string Kind, int Imported, int Skipped, int CacheEntriesDropped);

/// <summary>The local gazetteer as stored.</summary>
/// <param name="AddressPoints">Every address point.</param>
/// <param name="StreetSegments">Every street segment.</param>
/// <param name="LastImportAt">When the last import finished, or null when nothing was ever imported.</param>
public sealed record StoredGazetteer(IReadOnlyList<AddressPointRecord> AddressPoints, IReadOnlyList<StreetSegmentRecord> StreetSegments, DateTimeOffset? LastImportAt);

public sealed partial class PipelineStore : IGeocodeCacheStore
{
    /// <summary>The import kind of address points.</summary>
    public const string AddressPointsKind = "address-points";

    /// <summary>The import kind of street segments.</summary>
    public const string StreetSegmentsKind = "street-segments";

    // Answers from these providers depend on the gazetteer; answers of remote services do not.
    private static readonly string[] LocalProviders = ["gazetteer", "centroids", GeocodeResult.NoProvider];

    /// <summary>
    /// Replaces every address point with <paramref name="points"/> in one transaction (an export
    /// is the complete current set), records the import, and drops cached answers of local providers.
    /// </summary>
    public Task<GazetteerImportResult> ReplaceAddressPointsAsync(IReadOnlyList<AddressPointRecord> points, string sourceName, int skipped, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(points);
        return ReplaceGazetteerAsync(AddressPointsKind, StoreSchema.GazetteerAddressPoints, points, p =>
        [
            p.Number, p.NumberSuffix, p.Street.PreDirectional, p.Street.Name, p.Street.Suffix, p.Street.PostDirectional,
            p.Unit, p.City, p.State, p.PostalCode, p.Latitude, p.Longitude,
        ], sourceName, skipped, ct);
    }

    /// <summary>Replaces every street segment with <paramref name="segments"/>; see <see cref="ReplaceAddressPointsAsync"/>.</summary>
    public Task<GazetteerImportResult> ReplaceStreetSegmentsAsync(IReadOnlyList<StreetSegmentRecord> segments, string sourceName, int skipped, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(segments);
        return ReplaceGazetteerAsync(StreetSegmentsKind, StoreSchema.GazetteerStreetSegments, segments, s =>
        [
            s.Street.PreDirectional, s.Street.Name, s.Street.Suffix, s.Street.PostDirectional,
            s.LeftFrom, s.LeftTo, s.RightFrom, s.RightTo, s.City, s.State, s.PostalCode, LineWkt(s.Line),
        ], sourceName, skipped, ct);
    }

    /// <summary>The whole local gazetteer, for the geocoder to index in memory.</summary>
    public async Task<StoredGazetteer> LoadGazetteerAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        var points = new List<AddressPointRecord>();
        foreach (IDictionary<string, object?> row in await connection.QueryAsync(Command(
            $"SELECT {StoreSchema.GazetteerAddressPoints.ColumnList} FROM {_dialect.Qualify(StoreSchema.GazetteerAddressPoints.Name)}", ct: ct)))
        {
            points.Add(new AddressPointRecord(
                Convert.ToInt32(row["number"], CultureInfo.InvariantCulture), row["number_suffix"] as string, Street(row),
                row["unit"] as string, row["city"] as string, row["state"] as string, row["postal_code"] as string,
                Convert.ToDouble(row["latitude"], CultureInfo.InvariantCulture), Convert.ToDouble(row["longitude"], CultureInfo.InvariantCulture)));
        }
        var segments = new List<StreetSegmentRecord>();
        foreach (IDictionary<string, object?> row in await connection.QueryAsync(Command(
            $"SELECT {StoreSchema.GazetteerStreetSegments.ColumnList} FROM {_dialect.Qualify(StoreSchema.GazetteerStreetSegments.Name)}", ct: ct)))
        {
            if (!WktLineString.TryParse(row["line_wkt"] as string, out var line, out _))
            {
                continue; // written by ReplaceStreetSegmentsAsync from a parsed line: cannot happen short of hand edits
            }
            segments.Add(new StreetSegmentRecord(
                Street(row), NullableInt(row["left_from"]), NullableInt(row["left_to"]), NullableInt(row["right_from"]), NullableInt(row["right_to"]),
                row["city"] as string, row["state"] as string, row["postal_code"] as string, line));
        }
        return new StoredGazetteer(points, segments, await LastImportAsync(connection, ct));
    }

    /// <summary>When the last gazetteer import finished, or null: cheap, for polling whether to reload.</summary>
    public async Task<DateTimeOffset?> LastGazetteerImportAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        return await LastImportAsync(connection, ct);
    }

    private async Task<DateTimeOffset?> LastImportAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        var last = await connection.ExecuteScalarAsync<object?>(Command($"SELECT MAX(imported_at) FROM {_dialect.Qualify("gazetteer_imports")}", ct: ct));
        return last is null or DBNull ? null : _dialect.FromDbTime(last);
    }

    /// <summary>Stored reports per location precision and geocoding provider ("none" when nothing placed them).</summary>
    public async Task<IReadOnlyList<(LocationPrecision Precision, string Provider, long Reports)>> GetLocationCountsAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var sql = $"SELECT location_precision, geo_provider, {_dialect.CountRows} AS reports FROM {_reportsTable} GROUP BY location_precision, geo_provider";
        await using var connection = await OpenAsync(pooled: true, ct);
        return [.. (await connection.QueryAsync(Command(sql, ct: ct))).Cast<IDictionary<string, object?>>()
            .Select(row => (Enum.Parse<LocationPrecision>((string)row["location_precision"]!), row["geo_provider"] as string ?? GeocodeResult.NoProvider, ToInt64(row["reports"]!)))
            .OrderBy(r => Pipeline.Geo.Geocoding.PrecisionOrder.Rank(r.Item1)).ThenBy(r => r.Item2, StringComparer.Ordinal)];
    }

    /// <summary>Drops cached answers of the local providers (gazetteer, centroids, none) cached before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> DropLocalCachedGeocodesAsync(DateTimeOffset before, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        return await connection.ExecuteAsync(Command(
            $"DELETE FROM {_dialect.Qualify(StoreSchema.GeocodeCache.Name)} WHERE provider IN @providers AND cached_at < @before",
            new { providers = LocalProviders, before = _dialect.ToDbTime(before) },
            ct: ct));
    }

    /// <summary>The cached answers among <paramref name="keys"/>, by key (absent keys are not in the result).</summary>
    public async Task<IReadOnlyDictionary<string, GeocodeResult>> GetCachedGeocodesAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var found = new Dictionary<string, GeocodeResult>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }
        var sql = $"SELECT cache_key, found, latitude, longitude, precision, provider, matched_address, confidence FROM {_dialect.Qualify(StoreSchema.GeocodeCache.Name)} WHERE cache_key IN @keys";
        await using var connection = await OpenAsync(pooled: true, ct);
        foreach (var chunk in keys.Chunk(KeyLookupChunk))
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync(Command(sql, new { keys = chunk }, ct: ct)))
            {
                var isFound = Convert.ToBoolean(row["found"], CultureInfo.InvariantCulture);
                found[(string)row["cache_key"]!] = new GeocodeResult(
                    isFound ? ToNullableDouble(row["latitude"]) : null,
                    isFound ? ToNullableDouble(row["longitude"]) : null,
                    Enum.Parse<LocationPrecision>((string)row["precision"]!),
                    (string)row["provider"]!,
                    row["matched_address"] as string,
                    Convert.ToDouble(row["confidence"], CultureInfo.InvariantCulture));
            }
        }
        return found;
    }

    /// <summary>Stores answers by key, replacing older answers for the same keys.</summary>
    public async Task PutCachedGeocodesAsync(IReadOnlyList<KeyValuePair<string, GeocodeResult>> answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (answers.Count == 0)
        {
            return;
        }
        var now = _dialect.ToDbTime(_time.GetUtcNow());
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        await using (var upsert = new TableCommand(_dialect, connection, transaction, _commandTimeoutSeconds, StoreSchema.GeocodeCache, _dialect.Upsert(StoreSchema.GeocodeCache)))
        {
            foreach (var (key, answer) in answers)
            {
                upsert.Bind(key, answer.Found, answer.Latitude, answer.Longitude, answer.Precision.ToString(), answer.Provider, answer.MatchedAddress, answer.Confidence, now);
                await upsert.ExecuteAsync(ct);
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task<GazetteerImportResult> ReplaceGazetteerAsync<T>(string kind, TableSpec table, IReadOnlyList<T> rows, Func<T, object?[]> values, string sourceName, int skipped, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await using var connection = await OpenAsync(pooled: true, ct);
        await using var transaction = await _dialect.BeginWriteTransactionAsync(connection, ct);
        await connection.ExecuteAsync(Command($"DELETE FROM {_dialect.Qualify(table.Name)}", transaction: transaction, ct: ct));
        await using (var insert = new TableCommand(_dialect, connection, transaction, _commandTimeoutSeconds, table, _dialect.Insert(table)))
        {
            foreach (var row in rows)
            {
                insert.Bind(values(row));
                await insert.ExecuteAsync(ct);
            }
        }
        await connection.ExecuteAsync(Command(
            $"INSERT INTO {_dialect.Qualify("gazetteer_imports")} (kind, source_name, rows_imported, rows_skipped, imported_at) VALUES (@kind, @source, @imported, @skipped, @at)",
            new { kind, source = Path.GetFileName(sourceName), imported = rows.Count, skipped, at = _dialect.ToDbTime(_time.GetUtcNow()) },
            transaction, ct));
        var dropped = await connection.ExecuteAsync(Command(
            $"DELETE FROM {_dialect.Qualify(StoreSchema.GeocodeCache.Name)} WHERE provider IN @providers",
            new { providers = LocalProviders },
            transaction, ct));
        await transaction.CommitAsync(CancellationToken.None);
        return new GazetteerImportResult(kind, rows.Count, skipped, dropped);
    }

    private static StreetName Street(IDictionary<string, object?> row) =>
        new(row["pre_directional"] as string, (string)row["street_name"]!, row["street_suffix"] as string, row["post_directional"] as string);

    private static int? NullableInt(object? value) => value is null or DBNull ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static string LineWkt(IReadOnlyList<(double Latitude, double Longitude)> line)
    {
        var wkt = new StringBuilder("LINESTRING (");
        for (var i = 0; i < line.Count; i++)
        {
            if (i > 0)
            {
                wkt.Append(", ");
            }
            wkt.Append(line[i].Longitude.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(line[i].Latitude.ToString("R", CultureInfo.InvariantCulture));
        }
        return wkt.Append(')').ToString();
    }
}
